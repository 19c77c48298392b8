import Mustache

// Templates look fields up by name. By default swift-mustache reflects each lookup with `Mirror`, which
// dominated the rendering of the larger pages (a dashboard makes thousands of lookups); the models rendered
// most often answer by a switch instead.

extension CommuneRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "code": code
        case "name": self.name
        case "href": href
        case "departement": departement
        case "population": population
        case "isPVD": isPVD
        case "matched": matched
        default: nil
        }
    }
}

extension Link: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "label": label
        case "href": href
        default: nil
        }
    }
}
