import Observatoire
import Referential

/// Every dataset the site uses, with its producer, vintage and licence (`/sources`).
struct SourcesPage {
    static let template = "sources"

    let sources: [DataSource]

    init() { sources = DataSources.all + ObservatoireSources.all }
}
