/// The sign-in form (`/connexion`), again with why when a sign-in failed.
struct LoginPage {
    static let template = "connexion"

    let csrf: String
    let message: String?
    let login: String
}
