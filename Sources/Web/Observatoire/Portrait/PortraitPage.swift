import Observatoire

/// A commune's portrait (`/observatoire/{code}/portrait`): the dashboard's model, laid out for an A4 print.
enum PortraitPage {
    static let template = "portrait"

    static func title(_ dashboard: Dashboard) -> String { "Portrait de territoire : \(dashboard.commune.name)" }
}
