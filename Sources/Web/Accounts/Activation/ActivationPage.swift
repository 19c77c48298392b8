/// The page of a one-time activation link (`/activation/{jeton}`): the form where the person chooses their
/// password, why the link no longer works, or that the password is set.
struct ActivationPage {
    static let template = "activation"

    /// The account's login and name while the link works.
    let login: String?
    let name: String?
    /// Why the link or the password is refused.
    let message: String?
    /// The password is set: the person may now sign in.
    let done: Bool
    /// Someone is signed in in this browser: the link is for another person (or for them once signed out).
    let signedInAs: String?
    let csrf: String?
    let minimumLength: Int
}
