/// A link as templates write it: breadcrumbs, lists of places.
struct Link {
    let label: String
    let href: String

    static let home = Link(label: "Accueil", href: "/")
}
