import Accounts
import Hummingbird

/// The request context of the application: who is asking (from the session cookie or an API token), from
/// where, and the form fields of a state-changing request (read once, within the size limit).
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The authenticated user, if any.
    public var user: User?
    /// Set when the user came with the session cookie: state-changing requests then need the CSRF token.
    public var session: Session?
    /// The client's address: the connection's peer, or, when the peer is the trusted reverse proxy, the
    /// address that proxy saw (set by `AuthMiddleware`).
    public internal(set) var remoteAddress: String
    var form = Query.empty
    /// Files sent with a `multipart/form-data` form.
    var files: [String: Multipart.File] = [:]

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress ?? "inconnue"
    }

    /// Forms and JSON bodies are small: 64 KiB is far above any of them.
    public var maxUploadSize: Int { 64 * 1024 }

    /// Files sent with a form (inventories, CSV to validate): 8 MiB holds tens of thousands of rows.
    public var maxFileSize: Int { 8 << 20 }
}
