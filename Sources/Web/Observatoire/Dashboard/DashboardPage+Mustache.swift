import Mustache

// The dashboard is the page rendered most often, with thousands of lookups: its models answer by a switch
// rather than by `Mirror` (see `Support/MustacheFields.swift`).

extension DashboardPage.Row: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "label": label
        case "definition": definition
        case "value": value
        case "isMissing": isMissing
        case "comparisons": comparisons
        case "france": france
        case "pvdMedian": pvdMedian
        case "percentilePVD": percentilePVD
        case "percentileAll": percentileAll
        case "chartHref": chartHref
        case "chartHeight": chartHeight
        case "source": source
        case "vintage": vintage
        default: nil
        }
    }
}

extension DashboardPage.PeerRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "href": href
        case "departement": departement
        case "values": values
        case "alike": alike
        case "unlike": unlike
        default: nil
        }
    }
}

extension DashboardPage.ThemeBlock: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "label": label
        case "rows": rows
        case "series": series
        default: nil
        }
    }
}

extension DashboardPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "code": code
        case "isPVD": isPVD
        case "levels": levels
        case "themes": themes
        case "features": features
        case "ownValues": ownValues
        case "peers": peers
        case "own": own
        case "peerNames": peerNames
        case "cardHref": cardHref
        case "csvHref": csvHref
        case "jsonHref": jsonHref
        case "portraitHref": portraitHref
        case "mapHref": mapHref
        default: nil
        }
    }
}

extension DashboardPage.Peers: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "rows": rows
        case "missing": missing
        default: nil
        }
    }
}

extension DashboardPage.SeriesChart: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "svg": svg
        default: nil
        }
    }
}
