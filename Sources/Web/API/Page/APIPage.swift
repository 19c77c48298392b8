/// The API in words (`/api`), for the person who follows "API" in the menu (the OpenAPI document is for
/// programs); the page has no data of its own.
enum APIPage {
    static let template = "api"
}
