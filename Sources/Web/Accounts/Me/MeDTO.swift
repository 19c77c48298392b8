import Accounts

/// The caller's account in JSON (`/api/v1/moi`).
struct MeDTO: Encodable {
    let login: String, name: String, owner: String, role: String

    init(_ user: User) {
        login = user.login
        name = user.name
        owner = user.owner.description
        role = user.role.rawValue
    }
}
