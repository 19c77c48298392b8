#!/usr/bin/env python3
"""Writes the real-shaped import corpus of issue 13 into e2e/import_corpus/ with its manifest.json.

Every file is an inventory shaped like a real export of a collectivité's patrimony or invoicing tool (encodings,
separators, title blocks, total rows, merged cells, formulas, spreadsheet errors, duplicates…), filled with REAL
public buildings of ADEME's DPE tertiaire v2 (Licence Ouverte 2.0): surface, construction year, energies, final
consumptions and their year, INSEE code, commune and address come from one DPE each. Names are composed from the
sector and the real address (see e2e/import_corpus/README.md). The manifest says, for each file, the outcome the
importer must give (contract of issue 13) and lists every non-empty consumption cell, for the conservation check
of e2e/test_import_corpus.py.

Usage: python3 scripts/make_import_corpus.py [--source dpe_tertiaire_v2_ademe_format_publie.csv]
The source defaults to /work/shared/data/batiments/… and falls back to the bundled gzip copy in Data/batiments.
Requires openpyxl (PyPI). The output is deterministic: the same source gives the same bytes (dates in workbooks
are fixed)."""
import argparse
import csv
import datetime
import gzip
import io
import json
import os
import random
import re
import struct
import sys
import unicodedata
import zipfile
import zlib

import openpyxl
from openpyxl.styles import Font

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "e2e", "import_corpus")
# The hand-zipped workbooks (formulas with cached values, error cells) reuse the fuzz corpus's zip and sheet helpers.
sys.path.insert(0, os.path.join(ROOT, "e2e"))
import fuzz_corpus  # noqa: E402

SOURCE = "/work/shared/data/batiments/dpe_tertiaire_v2_ademe_format_publie.csv"
BUNDLED = os.path.join(ROOT, "Data", "batiments", "dpe_tertiaire_v2_ademe_format_publie.csv.gz")

# The e2e accounts (e2e/conftest.py): the commune of Landerneau and the CA du Pays de Landerneau-Daoulas.
LANDERNEAU = ("29103", "Landerneau")
EPCI_SIREN = "242900801"
EPCI_MEMBERS = [("29103", "Landerneau"), ("29140", "Loperhet"), ("29181", "Plouédern"), ("29080", "Hôpital-Camfrout"),
                ("29045", "Dirinon"), ("29156", "Pencran"), ("29137", "Logonna-Daoulas"), ("29078", "Hanvec"),
                ("29056", "La Forest-Landerneau"), ("29268", "Saint-Thonan"), ("29043", "Daoulas"), ("29237", "La Roche-Maurice")]

# Public sectors of the DPE (ERP type letter) → the name prefixes a patrimony list uses, the usage (importer raw value)
# and the word of a usage column.
SECTORS = {
    "R": (["Groupe scolaire", "École maternelle", "École élémentaire", "Crèche"], "ecole", "Enseignement"),
    "GHR": (["Groupe scolaire"], "ecole", "Enseignement"),
    "W": (["Mairie", "Services techniques", "Hôtel de ville"], "administration", "Administration"),
    "GHW": (["Services techniques"], "administration", "Administration"),
    "X": (["Gymnase", "Piscine"], None, "Sport"),
    "L": (["Salle des fêtes", "Salle polyvalente"], "salle_polyvalente", "Salle polyvalente"),
    "S": (["Médiathèque"], "culture", "Culture"),
    "Y": (["Musée"], "culture", "Culture"),
    "U": (["Maison de santé", "Centre de soins"], "sante_social", "Santé"),
    "GHU": (["Centre de soins"], "sante_social", "Santé"),
    "J": (["EHPAD", "Résidence autonomie"], "sante_social", "Santé, social"),
}
# Words that would make a street name pass for a usage in a file without a usage column.
USAGE_WORDS = ["ecole", "scolaire", "college", "lycee", "creche", "mairie", "ville", "bureau", "siege", "administration", "sport",
               "gymnase", "piscine", "stade", "dojo", "salle", "foyer", "fete", "culture", "musee", "theatre", "cinema",
               "bibliotheque", "mediatheque", "sante", "social", "soins", "ehpad", "residence", "hopital", "maternelle"]

# The importer's energy raw values for the DPE's energy names.
ENERGIES = {"Électricité": "electricite", "Gaz naturel": "gaz_naturel", "Réseau de Chauffage urbain": "reseau_chaleur",
            "Fioul domestique": "fioul", "Propane": "gpl", "autre combustible fossile": "charbon",
            "Bois – Granulés (pellets) ou briquettes": "bois", "Bois – Bûches": "bois"}
ENERGY_WORDS = {"electricite": "Électricité", "gaz_naturel": "Gaz naturel", "reseau_chaleur": "Réseau de chaleur", "fioul": "Fioul",
                "gpl": "Propane", "charbon": "Charbon", "bois": "Bois granulés"}
GAS_KWH_PER_M3 = 11.2


def fold(text):
    text = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c))


def number(text):
    return float(text) if text not in ("", None) else None


class Building:
    """One public building of the DPE file, with what an inventory says of it."""

    def __init__(self, row, k):
        self.dpe = row["N°DPE"]
        self.sector = row["Secteur_activité"].split(" :")[0]
        prefixes, self.usage, self.usage_word = SECTORS[self.sector]
        self.prefix = prefixes[k % len(prefixes)]
        if self.usage is None:
            self.usage = "piscine" if self.prefix == "Piscine" else "gymnase"
            self.usage_word = "Piscine" if self.prefix == "Piscine" else "Sport"
        self.code = row["Code_INSEE_(BAN)"]
        self.commune = self.origin = row["Nom__commune_(BAN)"]
        self.address = row["Adresse_(BAN)"] or row["Adresse_brute"].replace("\n", " ")
        self.street = (row["N°_voie_(BAN)"] + " " + row["Nom__rue_(BAN)"]).strip() if row["Nom__rue_(BAN)"] else ""
        shon = number(row["Surface_(SHON)"])
        self.surface = shon if shon and shon > 20 else number(row["Surface_utile"])
        year = number(row["Année_construction"])
        self.year = int(year) if year else None
        energies = {}  # energy raw value → kWh; a DPE may give one energy for two uses
        for n in ("1", "2"):
            e, v = row[f"Type_énergie_n°{n}"], number(row[f"Conso_é_finale_énergie_n°{n}"])
            if e in ENERGIES and v and v >= 100:
                energies[ENERGIES[e]] = energies.get(ENERGIES[e], 0) + round(v)
        self.energies = list(energies.items())
        relief = number(row["Année_relève_conso_énergie_n°1"])
        self.conso_year = int(relief) if relief is not None else None
        main = row["Type_énergie_principale_chauffage"]
        self.main_energy = ENERGIES.get(main) or (self.energies[0][0] if self.energies else None)

    def name(self, safe=False):
        """"Groupe scolaire — 12 Rue de Siam": the sector's prefix and the real street of the DPE (its commune when
        it has no street). `safe`: for files without a usage column, a street holding a word that would pass for a
        usage ("Rue de l'École") is replaced by the DPE's commune."""
        return f"{self.prefix} — {self.place(safe)}"

    def place(self, safe=False):
        if not self.street or (safe and any(w in fold(self.street) for w in USAGE_WORDS)):
            return self.origin
        return self.street

    def relocated(self, code, commune):
        """The same building's figures in a commune of a test account (the DPE file has no public building there)."""
        b = Building.__new__(Building)
        b.__dict__.update(self.__dict__)
        b.code, b.commune, b.address = code, commune, None
        return b


def load(source):
    opener = gzip.open if source.endswith(".gz") else open
    with opener(source, "rt", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    seen, buildings = set(), []
    for row in sorted(rows, key=lambda r: r["N°DPE"]):
        sector = row["Secteur_activité"].split(" :")[0]
        if sector not in SECTORS or not row["Code_INSEE_(BAN)"]:
            continue
        b = Building(row, len(buildings))
        key = (b.address, b.surface)
        if key in seen or not b.surface or b.surface <= 20:
            continue
        seen.add(key)
        buildings.append(b)
    return buildings


def fr(x, decimals=1):
    """A French number: decimal comma, no thousands separator ("1250,5", "23556")."""
    if x == int(x):
        return str(int(x))
    return f"{x:.{decimals}f}".rstrip("0").rstrip(".").replace(".", ",")


def en(x, decimals=1):
    return fr(x, decimals).replace(",", ".")


def spaced(x):
    """A French number with a no-break space every three digits, as Excel shows it: "12 345"."""
    whole = f"{int(round(x)):,}".replace(",", "\u00a0")
    return whole


# ---------------------------------------------------------------------------------------------------------------
# Writers. Each file is a grid of rows (lists of cells); the manifest records rows as a spreadsheet shows them.

def csv_text(rows, sep=";", newline="\r\n"):
    def cell(v):
        v = "" if v is None else str(v)
        if any(ch in v for ch in (sep, '"', "\n", "\r")):
            return '"' + v.replace('"', '""') + '"'
        return v
    return "".join(sep.join(cell(v) for v in row) + newline for row in rows)


def text_line_of_rows(rows):
    """The physical text line each row starts on (1-based), for a CSV whose cells may hold line breaks."""
    lines, line = [], 1
    for row in rows:
        lines.append(line)
        line += 1 + sum(str(v).count("\n") for v in row if v is not None)
    return lines


def encode(text, encoding):
    if encoding == "utf-8-sig":
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    if encoding == "utf-16-le":
        return b"\xff\xfe" + text.encode("utf-16-le")
    if encoding == "utf-16-be":
        return b"\xfe\xff" + text.encode("utf-16-be")
    return text.encode(encoding)


EXPORT_TIME = datetime.datetime(2024, 3, 12, 9, 0, 0)


def fixed_dates(workbook):
    """The workbook re-zipped with every part dated EXPORT_TIME (zip writers stamp the current time): the same
    corpus gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\g<1>2024-03-12T09:00:00Z", data)
            target.writestr(zipfile.ZipInfo(info.filename, date_time=EXPORT_TIME.timetuple()[:6]), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def workbook_bytes(wb):
    buffer = io.BytesIO()
    wb.save(buffer)
    return fixed_dates(buffer.getvalue())


def openpyxl_sheet(rows, title="Patrimoine"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    return wb, ws


# ---------------------------------------------------------------------------------------------------------------

class Corpus:
    def __init__(self, buildings):
        self.pool = buildings
        self.used = 0
        self.drawn = set()
        self.entries = []
        self.files = {}

    def take_named(self, n, where=None):
        """Like `take`, with names all different: in a file without identifiers, two equal names are homonyms,
        a case of its own (file 25)."""
        out, names = [], set()
        while len(out) < n:
            b = self.take(1, where)[0]
            if b.name() not in names:
                names.add(b.name())
                out.append(b)
        return out

    def take(self, n, where=None):
        """The next `n` buildings of the pool (optionally those `where` accepts), each used once in the corpus
        as long as the pool lasts, then again from the start."""
        out = []
        start = self.used
        i = start
        while len(out) < n:
            b = self.pool[i % len(self.pool)]
            i += 1
            if where is None or where(b):
                out.append(b)
            if i - start > 4 * len(self.pool):
                raise SystemExit(f"pas assez de bâtiments pour {n} lignes")
        self.used = i
        self.drawn.update(b.dpe for b in out)
        return out

    def add(self, name, data, description, layout, *, account="commune", status=200, fmt=None, encodage=None,
            ligne_entete=None, lignes=None, valide=None, batiments=None, mesures=None, identifiants=None, erreurs=(),
            avertissements=(), avertissements_exacts=False, cellules=(), detail=None, sur=None):
        self.files[name] = data
        self.entries.append({
            "fichier": name, "description": description, "disposition": layout, "compte": account, "statut": status,
            "format": fmt, "encodage": encodage, "ligne_entete": ligne_entete, "lignes": lignes, "valide": valide,
            "batiments": batiments, "mesures": mesures, "identifiants": identifiants, "erreurs": list(erreurs),
            "avertissements": list(avertissements), "avertissements_exacts": avertissements_exacts,
            "cellules": list(cellules), "detail": detail or {}, "incertain": sur})


def problem(ligne, gravite, colonne=None, mot=None, cite=None):
    """An expected located problem: its row (as the spreadsheet shows it), severity, column (1-based) when it must
    be given, a keyword of its reason or value, and another row it must name (duplicates)."""
    return {"ligne": ligne, "gravite": gravite, "colonne": colonne, "mot": mot, "cite": cite}


def cells_of(rows, header_row, columns, first_data_row=None, skip=()):
    """The non-empty cells of the consumption `columns` (0-based) in the rows under the header: (row as shown,
    1-based column, header, raw text)."""
    header = rows[header_row - 1]
    out = []
    for r in range(first_data_row or header_row + 1, len(rows) + 1):
        if r in skip:
            continue
        for c in columns:
            v = rows[r - 1][c] if c < len(rows[r - 1]) else None
            if v is not None and str(v).strip() != "":
                out.append({"ligne": r, "colonne": c + 1, "entete": header[c], "valeur": str(v)})
    return out


def measured(buildings, kinds=("electricite", "gaz_naturel", "reseau_chaleur")):
    """How many of the buildings have a consumption in the file's columns (`kinds`)."""
    return sum(1 for b in buildings if any(e in kinds for e, _ in b.energies))


# ---------------------------------------------------------------------------------------------------------------
# The files.

def build(corpus):
    take = corpus.take
    public = lambda b: b.energies and b.conso_year and 2015 <= b.conso_year <= 2024  # noqa: E731
    french_order = lambda b: b.code[:2] not in ("75", "69", "13")  # noqa: E731

    def landerneau(bs, members=None):
        members = members or [LANDERNEAU]
        return [b.relocated(*members[i % len(members)]) for i, b in enumerate(bs)]

    # 01 — the classic French export: ";", decimal commas, Windows-1252, an identifier, two consumption columns.
    bs = landerneau(take(18, public))
    header = ["Code bâtiment", "Nom du bâtiment", "Code INSEE", "Usage", "Surface (m²)", "Année de construction",
              "Énergie de chauffage", "Consommation électricité (kWh)", "Consommation gaz (kWh)", "Année des consommations"]
    rows = [header]
    for i, b in enumerate(bs):
        e = dict(b.energies)
        rows.append([f"LAN-{i + 1:03d}", b.name(), b.code, b.usage_word, fr(b.surface), b.year or "", ENERGY_WORDS.get(b.main_energy, ""),
                     fr(e.get("electricite", "")) if "electricite" in e else "", fr(e["gaz_naturel"]) if "gaz_naturel" in e else "", b.conso_year])
    bs_measured = [b for b in bs if dict(b.energies).keys() & {"electricite", "gaz_naturel"}]
    corpus.add("01_patrimoine_cp1252_point_virgule.csv", encode(csv_text(rows), "cp1252"),
               "Export de logiciel de patrimoine : « ; », virgule décimale, Windows-1252, identifiant, colonnes électricité et gaz en kWh.",
               "cp1252 ; virgule décimale ; identifiant ; conso par énergie (kWh)", fmt="CSV", encodage="Windows-1252", ligne_entete=1,
               lignes=len(bs), valide=True, batiments=len(bs), mesures=len(bs_measured), identifiants="fournis",
               avertissements_exacts=True, cellules=cells_of(rows, 1, [7, 8]))

    # 02 / 03 — THE critical layout: one "Consommation (kWh)" column and "Énergie principale" (issue 13, point 1).
    for ext in ("csv", "xlsx"):
        bs = landerneau(take(30, public))
        header = ["Code bâtiment", "Nom", "Code INSEE", "Usage", "Surface (m²)", "Année de construction", "Énergie principale",
                  "Consommation (kWh)", "Année de consommation"]
        rows = [header]
        detail = {}
        for i, b in enumerate(bs):
            energy, kwh = b.energies[0]
            ident = f"BAT-{i + 101 if ext == 'csv' else i + 201}"
            rows.append([ident, b.name(), b.code, b.usage_word, fr(b.surface) if ext == "csv" else b.surface, b.year or "",
                         ENERGY_WORDS[energy], fr(kwh) if ext == "csv" else kwh, b.conso_year])
            detail[ident] = {"energies": [energy]}
        if ext == "csv":
            data = encode(csv_text(rows), "cp1252")
        else:
            wb, _ = openpyxl_sheet(rows)
            data = workbook_bytes(wb)
        corpus.add(f"0{2 if ext == 'csv' else 3}_consommation_unique_energie_principale.{ext}", data,
                   "LA disposition critique : une colonne « Consommation (kWh) » et une colonne « Énergie principale » ; doit s'importer en mesuré, "
                   "l'énergie de la consommation étant l'énergie principale.",
                   "conso unique + énergie principale (" + ext.upper() + ")", fmt=ext.upper(), encodage="Windows-1252" if ext == "csv" else None,
                   ligne_entete=1, lignes=len(bs), valide=True, batiments=len(bs), mesures=len(bs), identifiants="fournis",
                   avertissements_exacts=True, cellules=cells_of(rows, 1, [7]), detail={"par_identifiant": detail})

    # 04 — UTF-8 with BOM (Excel's "CSV UTF-8"), ";".
    bs = take(20, lambda b: public(b) and french_order(b))
    header = ["Identifiant", "Libellé", "Adresse", "Code commune", "Usage principal", "Surface utile", "Construit en", "Électricité (kWh)",
              "Gaz (kWh)", "Réseau de chaleur (kWh)", "Année conso"]
    rows = [header] + [[f"S{i + 1:04d}", b.name(), b.address, b.code, b.usage_word, fr(b.surface), b.year or ""] + energy_cells(b, fr) + [b.conso_year]
                       for i, b in enumerate(bs)]
    corpus.add("04_utf8_bom.csv", encode(csv_text(rows), "utf-8-sig"), "« CSV UTF-8 » d'Excel : BOM, « ; », virgule décimale, bâtiments réels de toute la France.",
               "UTF-8 BOM ; « ; » ; identifiant ; conso par énergie", fmt="CSV", encodage="UTF-8", ligne_entete=1, lignes=len(bs), valide=True,
               batiments=len(bs), mesures=measured(bs), identifiants="fournis", cellules=cells_of(rows, 1, [7, 8, 9]))

    # 05 — Excel "Texte Unicode": UTF-16 LE with BOM, tabs.
    bs = landerneau(take(15, public))
    rows = [["Code site", "Nom du site", "INSEE", "Type de bâtiment", "SHON", "Année de construction", "Électricité (kWh)", "Gaz (kWh)",
             "Réseau de chaleur (kWh)", "Année des consommations"]]
    rows += [[f"LAN-U{i + 1:02d}", b.name(), b.code, b.usage_word, fr(b.surface), b.year or ""] + energy_cells(b, fr) + [b.conso_year] for i, b in enumerate(bs)]
    corpus.add("05_texte_unicode_utf16le.txt", encode(csv_text(rows, sep="\t"), "utf-16-le"),
               "Enregistrement Excel « Texte Unicode (*.txt) » : UTF-16 LE avec BOM, tabulations.",
               "UTF-16 LE BOM ; tabulations", fmt="CSV", encodage="UTF-16LE", ligne_entete=1, lignes=len(bs), valide=True, batiments=len(bs),
               mesures=measured(bs), identifiants="fournis", avertissements_exacts=True, cellules=cells_of(rows, 1, [6, 7, 8]))

    # 06 — UTF-16 BE with BOM, ";".
    bs = landerneau(take(10, public))
    rows = [["Identifiant", "Nom", "Code INSEE", "Usage", "Surface (m²)", "Électricité (kWh)", "Gaz (kWh)", "Réseau de chaleur (kWh)", "Année"]]
    rows += [[f"LAN-B{i + 1:02d}", b.name(), b.code, b.usage_word, fr(b.surface)] + energy_cells(b, fr) + [b.conso_year] for i, b in enumerate(bs)]
    corpus.add("06_utf16be.csv", encode(csv_text(rows), "utf-16-be"), "Texte UTF-16 grand-boutiste (BE) avec BOM, « ; ».",
               "UTF-16 BE BOM ; « ; »", fmt="CSV", encodage="UTF-16BE", ligne_entete=1, lignes=len(bs), valide=True, batiments=len(bs),
               mesures=measured(bs), identifiants="fournis", avertissements_exacts=True, cellules=cells_of(rows, 1, [5, 6, 7]))

    # 07 — "," separator and "." decimals (an English-locale export), addresses quoted because they hold commas.
    bs = take(20, lambda b: public(b) and french_order(b))
    rows = [["id", "name", "address", "insee_code", "usage", "surface_m2", "construction_year", "electricite_kwh", "gaz_kwh", "reseau_chaleur_kwh",
             "annee_consommation"]]
    rows += [[f"B{i + 1:05d}", b.name(), re.sub(r" (\d{5}) ", r", \1 ", b.address or ""), b.code, b.usage_word, en(b.surface), b.year or ""]
             + energy_cells(b, en) + [b.conso_year] for i, b in enumerate(bs)]
    corpus.add("07_virgule_et_point_decimal.csv", encode(csv_text(rows, sep=","), "utf-8"),
               "Séparateur « , » et point décimal (export d'un outil en anglais), adresses entre guillemets.",
               "« , » ; point décimal ; UTF-8 sans BOM", fmt="CSV", encodage="UTF-8", ligne_entete=1, lignes=len(bs), valide=True, batiments=len(bs),
               mesures=measured(bs), identifiants="fournis", cellules=cells_of(rows, 1, [7, 8, 9]))

    # 08 — tab separator, UTF-8.
    bs = landerneau(take(12, public))
    rows = [["Référence", "Désignation", "Code INSEE", "Usage", "Surface (m²)", "Année de construction", "Électricité (kWh)", "Gaz (kWh)",
             "Réseau de chaleur (kWh)", "Exercice"]]
    rows += [[f"R-{i + 1:03d}", b.name(), b.code, b.usage_word, fr(b.surface), b.year or ""] + energy_cells(b, fr) + [b.conso_year] for i, b in enumerate(bs)]
    corpus.add("08_tabulations.txt", encode(csv_text(rows, sep="\t"), "utf-8"), "Excel « Texte (séparateur : tabulation) » : tabulations, UTF-8, extension .txt.",
               "tabulations ; UTF-8", fmt="CSV", encodage="UTF-8", ligne_entete=1, lignes=len(bs), valide=True, batiments=len(bs),
               mesures=measured(bs), identifiants="fournis", avertissements_exacts=True, cellules=cells_of(rows, 1, [6, 7, 8]))

    # 09 — a title block above the header (title, date, blank line), no identifier: the browser test's file.
    bs = landerneau(corpus.take_named(12, public))
    header = ["Nom", "Code INSEE", "Usage", "Surface (m²)", "Année de construction", "Énergie principale", "Consommation (kWh)", "Année de consommation"]
    rows = [["Inventaire du patrimoine bâti communal — Ville de Landerneau"], ["Export du 12/03/2024"], [], header]
    for b in bs:
        energy, kwh = b.energies[0]
        rows.append([b.name(), b.code, b.usage_word, fr(b.surface), b.year or "", ENERGY_WORDS[energy], fr(kwh), b.conso_year])
    corpus.add("09_bloc_titre_sans_identifiant.csv", encode(csv_text(rows), "cp1252"),
               "Bloc de titre au-dessus de l'en-tête (titre, date, ligne vide), sans colonne d'identifiant, conso unique + énergie principale. "
               "Fichier de l'essai dans le navigateur.",
               "bloc titre CSV ; sans identifiant ; conso unique", fmt="CSV", encodage="Windows-1252", ligne_entete=4, lignes=len(bs), valide=True,
               batiments=len(bs), mesures=len(bs), identifiants="créés", avertissements_exacts=True, cellules=cells_of(rows, 4, [6]))

    # 10 — XLSX with a merged title cell above the header.
    bs = landerneau(take(14, public))
    header = ["Code bâtiment", "Nom", "Code INSEE", "Usage", "Surface (m²)", "Année de construction", "Électricité (kWh)", "Gaz (kWh)",
              "Réseau de chaleur (kWh)", "Année des consommations"]
    rows = [["Patrimoine communal — état au 31/12/2023"] + [None] * 9, ["Source : service des bâtiments"] + [None] * 9, [None] * 10, header]
    rows += [[f"LAN-T{i + 1:02d}", b.name(), b.code, b.usage_word, b.surface, b.year] + energy_cells(b, None) + [b.conso_year] for i, b in enumerate(bs)]
    wb, ws = openpyxl_sheet(rows)
    ws.merge_cells("A1:J1")
    ws["A1"].font = Font(bold=True, size=14)
    corpus.add("10_bloc_titre_fusionne.xlsx", workbook_bytes(wb), "Classeur avec un titre en cellule fusionnée (A1:J1), une ligne de source, une ligne vide, puis l'en-tête en ligne 4.",
               "XLSX ; bloc titre ; cellule de titre fusionnée", fmt="XLSX", ligne_entete=4, lignes=len(bs), valide=True, batiments=len(bs),
               mesures=measured(bs), identifiants="fournis", avertissements_exacts=True, cellules=cells_of(rows, 4, [6, 7, 8]))

    # 11 — no identifier column: identifiers are made (commune + name).
    bs = landerneau(corpus.take_named(16, public))
    rows = [["Nom du bâtiment", "Code INSEE", "Usage", "Surface (m²)", "Année de construction", "Électricité (kWh)", "Gaz (kWh)",
             "Réseau de chaleur (kWh)", "Année des consommations"]]
    rows += [[b.name(), b.code, b.usage_word, fr(b.surface), b.year or ""] + energy_cells(b, fr) + [b.conso_year] for b in bs]
    corpus.add("11_sans_identifiant.csv", encode(csv_text(rows), "cp1252"),
               "Pas de colonne d'identifiant (la plupart des listes) : les identifiants sont créés (commune + nom).",
               "sans identifiant", fmt="CSV", encodage="Windows-1252", ligne_entete=1, lignes=len(bs), valide=True, batiments=len(bs),
               mesures=measured(bs), identifiants="créés", avertissements_exacts=True, cellules=cells_of(rows, 1, [5, 6, 7]))

    # 12 — one line per energy (Énergie, Consommation, Unité), several lines per building, with identifier.
    bs = landerneau(take(12, lambda b: public(b) and len(b.energies) >= 2))
    rows = [["Code bâtiment", "Bâtiment", "Code INSEE", "Usage", "Surface (m²)", "Énergie", "Consommation", "Unité", "Année"]]
    units = ["kWh", "MWh", "kWh", "m³"]
    for i, b in enumerate(bs):
        for j, (energy, kwh) in enumerate(b.energies):
            unit = units[(i + j) % 3] if energy != "gaz_naturel" else ("m³" if i % 2 else "kWh")
            value = {"kWh": fr(kwh), "MWh": fr(kwh / 1000, 3), "m³": fr(round(kwh / GAS_KWH_PER_M3))}[unit]
            rows.append([f"BAT-{i + 401}", b.name(), b.code, b.usage_word, fr(b.surface), ENERGY_WORDS[energy], value, unit, b.conso_year])
    corpus.add("12_une_ligne_par_energie.csv", encode(csv_text(rows), "cp1252"),
               "Export de facturation : une ligne par bâtiment et par énergie (Énergie, Consommation, Unité en kWh, MWh ou m³), même identifiant sur ces lignes.",
               "une ligne par énergie ; unités kWh/MWh/m³", fmt="CSV", encodage="Windows-1252", ligne_entete=1, lignes=len(rows) - 1, valide=True,
               batiments=len(bs), mesures=len(bs), identifiants="fournis", avertissements_exacts=True, cellules=cells_of(rows, 1, [6]))

    # 13 — wide layout, one column per energy with its unit in the header (gas in m³, heat network in MWh).
    bs = landerneau(take(14, lambda b: public(b) and len(b.energies) == 2), EPCI_MEMBERS)
    rows = [["Identifiant", "Nom", "Code INSEE", "Commune", "Usage", "Surface (m²)", "Électricité (kWh)", "Gaz (m3)", "Fioul (kWh)",
             "Réseau de chaleur (MWh)", "Propane (kWh)", "Année des consommations"]]
    for i, b in enumerate(bs):
        e = dict(b.energies)
        rows.append([f"CA-{i + 1:03d}", b.name(), b.code, b.commune, b.usage_word, fr(b.surface), fr(e["electricite"]) if "electricite" in e else "",
                     fr(round(e["gaz_naturel"] / GAS_KWH_PER_M3)) if "gaz_naturel" in e else "", fr(e["fioul"]) if "fioul" in e else "",
                     fr(e["reseau_chaleur"] / 1000, 3) if "reseau_chaleur" in e else "", fr(e["gpl"]) if "gpl" in e else "", b.conso_year])
    corpus.add("13_large_une_colonne_par_energie.csv", encode(csv_text(rows), "cp1252"),
               "Disposition large : une colonne par énergie, l'unité dans l'en-tête (électricité kWh, gaz m³, fioul kWh, réseau de chaleur MWh, propane kWh) ; "
               "bâtiments des communes de la CA, importé par le compte de l'EPCI.",
               "large ; unités dans l'en-tête ; compte EPCI", account="epci", fmt="CSV", encodage="Windows-1252", ligne_entete=1, lignes=len(bs),
               valide=True, batiments=len(bs), mesures=len(bs), identifiants="fournis", avertissements_exacts=True, cellules=cells_of(rows, 1, [6, 7, 8, 9, 10]))

    # 14 — a total row at the bottom ("Total" in the name column, sums).
    bs = landerneau(take(10, public))
    rows = [["Code bâtiment", "Nom", "Code INSEE", "Usage", "Surface (m²)", "Électricité (kWh)", "Gaz (kWh)", "Réseau de chaleur (kWh)", "Année"]]
    rows += [[f"LAN-S{i + 1:02d}", b.name(), b.code, b.usage_word, fr(b.surface)] + energy_cells(b, fr) + [b.conso_year] for i, b in enumerate(bs)]
    total = ["", "Total", "", "", fr(sum(b.surface for b in bs))] + [fr(sum(dict(b.energies).get(e, 0) for b in bs)) for e in ("electricite", "gaz_naturel", "reseau_chaleur")] + [""]
    rows.append(total)
    total_row = len(rows)
    corpus.add("14_ligne_total.csv", encode(csv_text(rows), "cp1252"),
               "Ligne « Total » en bas (sommes des surfaces et des consommations) : ce n'est pas un bâtiment, elle est signalée et écartée.",
               "ligne de total", fmt="CSV", encodage="Windows-1252", ligne_entete=1, lignes=None, valide=True, batiments=len(bs), mesures=measured(bs),
               identifiants="fournis", avertissements=[problem(total_row, "avertissement", mot="total")],
               cellules=cells_of(rows, 1, [5, 6, 7]),
               sur="Ligne de total : attendu un avertissement à sa ligne (non bloquant) et aucun bâtiment créé ; le contrat ne le précise pas.")

    # 15 — XLSX written by hand: formulas with cached values (surface as a sum, a SUM total row), numbers.
    bs = landerneau(take(10, public))
    header = ["Code bâtiment", "Nom", "Code INSEE", "Usage", "Surface (m²)", "Électricité (kWh)", "Gaz (kWh)", "Année"]
    rows = [header]
    formulas = {}
    for i, b in enumerate(bs):
        e = dict(b.energies)
        r = i + 2
        rows.append([f"LAN-F{i + 1:02d}", b.name(), b.code, b.usage_word, b.surface, e.get("electricite"), e.get("gaz_naturel"), b.conso_year])
        # Surfaces typed as a sum of two parts (main building + annex), as patrimony sheets do.
        main = round(b.surface * 0.7, 1)
        formulas[(r, 4)] = f"{en(main)}+{en(round(b.surface - main, 1))}"
    total_row = len(rows) + 1
    rows.append([None, "Total", None, None, sum(b.surface for b in bs), sum(dict(b.energies).get("electricite", 0) for b in bs),
                 sum(dict(b.energies).get("gaz_naturel", 0) for b in bs), None])
    for c in (4, 5, 6):
        formulas[(total_row, c)] = f"SUM({fuzz_corpus.col(c)}2:{fuzz_corpus.col(c)}{total_row - 1})"
    corpus.add("15_formules_et_total.xlsx", hand_workbook(rows, formulas=formulas),
               "Classeur écrit à la main : surfaces en formules (=a+b) avec leur valeur en cache, ligne Total en =SOMME() en bas.",
               "XLSX formules (valeurs en cache) ; ligne de total", fmt="XLSX", ligne_entete=1, lignes=None, valide=True, batiments=len(bs),
               mesures=measured(bs, ("electricite", "gaz_naturel")), identifiants="fournis", avertissements=[problem(total_row, "avertissement", mot="total")],
               cellules=cells_of(rows, 1, [5, 6], skip=()),
               sur="Comme 14 : ligne de total signalée par un avertissement.")

    # 16 — a name cell holding a line break: the spreadsheet row differs from the text line below it.
    bs = landerneau(take(10, public))
    rows = [["Code bâtiment", "Nom", "Code INSEE", "Usage", "Surface (m²)", "Année de construction", "Électricité (kWh)", "Gaz (kWh)",
             "Réseau de chaleur (kWh)", "Année"]]
    for i, b in enumerate(bs):
        name = b.name()
        if i in (1, 3):
            name = name.replace(" — ", "\n", 1)
        year = 1200 if i == 6 else (b.year or "")
        rows.append([f"LAN-L{i + 1:02d}", name, b.code, b.usage_word, fr(b.surface), year] + energy_cells(b, fr) + [b.conso_year])
    text_lines = text_line_of_rows(rows)
    bad_row = 8
    corpus.add("16_nom_sur_deux_lignes.csv", encode(csv_text(rows), "cp1252"),
               "Deux noms contiennent un saut de ligne (cellule entre guillemets) : la ligne du tableur (8) diffère de la ligne du texte (10) ; "
               "l'année de construction 1200 de cette ligne donne un avertissement localisé aux deux.",
               "saut de ligne dans une cellule", fmt="CSV", encodage="Windows-1252", ligne_entete=1, lignes=len(bs), valide=True, batiments=len(bs),
               mesures=measured(bs), identifiants="fournis",
               avertissements=[dict(problem(bad_row, "avertissement", colonne=6), ligne_texte=text_lines[bad_row - 1])], avertissements_exacts=True,
               cellules=cells_of(rows, 1, [6, 7, 8]))

    # 17 — Excel dropped the leading zero of INSEE codes of départements 01–09.
    bs = take(8, lambda b: b.code[:1] == "0" and b.energies)
    rows = [["Identifiant", "Nom", "Adresse", "Code INSEE", "Usage", "Surface (m²)", "Électricité (kWh)", "Gaz (kWh)", "Réseau de chaleur (kWh)", "Année"]]
    rows += [[f"Z{i + 1:03d}", b.name(), b.address, b.code.lstrip("0") if i % 2 == 0 else b.code, b.usage_word, fr(b.surface)] + energy_cells(b, fr)
             + [b.conso_year if public(b) else 2022] for i, b in enumerate(bs)]
    corpus.add("17_zero_initial_perdu.csv", encode(csv_text(rows), "cp1252"),
               "Codes INSEE des départements 01 à 09 sans leur 0 initial (Excel les a lus comme des nombres : 1053 pour 01053). "
               "Années de consommation absentes du DPE remplacées par 2022.",
               "zéro initial perdu", fmt="CSV", encodage="Windows-1252", ligne_entete=1, lignes=len(bs), valide=True, batiments=len(bs),
               mesures=measured(bs), identifiants="fournis", cellules=cells_of(rows, 1, [6, 7, 8]),
               detail={"par_identifiant": {f"Z{i + 1:03d}": {"commune": b.code} for i, b in enumerate(bs)}})

    # 18 — municipal arrondissements (Paris 751xx, Lyon 6938x, Marseille 132xx), as the address base returns them.
    bs = take(14, lambda b: b.code[:3] in ("751", "693", "132") and b.code not in ("69123", "13055") and b.energies)
    rows = [["Identifiant", "Nom", "Adresse", "Code INSEE", "Usage", "Surface (m²)", "Électricité (kWh)", "Gaz (kWh)", "Réseau de chaleur (kWh)", "Année"]]
    rows += [[f"ARR-{i + 1:02d}", b.name(), b.address, b.code, b.usage_word, fr(b.surface)] + energy_cells(b, fr) + [b.conso_year if public(b) else 2022]
             for i, b in enumerate(bs)]
    city = lambda code: "75056" if code.startswith("751") else "69123" if code.startswith("693") else "13055"  # noqa: E731
    corpus.add("18_arrondissements.csv", encode(csv_text(rows), "utf-8-sig"),
               "Codes INSEE d'arrondissements municipaux (Paris, Lyon, Marseille) : acceptés, le bâtiment garde son arrondissement et appartient à la commune.",
               "arrondissements", fmt="CSV", encodage="UTF-8", ligne_entete=1, lignes=len(bs), valide=True, batiments=len(bs), mesures=measured(bs),
               identifiants="fournis", cellules=cells_of(rows, 1, [6, 7, 8]),
               detail={"par_identifiant": {f"ARR-{i + 1:02d}": {"commune": city(b.code), "arrondissement": b.code} for i, b in enumerate(bs)}})

    # 19 — the code is empty on some rows; the Commune name column says where (unambiguous in the département).
    bs = landerneau(take(8, public))
    finistere = [("29254", "Saint-Martin-des-Champs"), ("29043", "Daoulas"), ("29103", "Landerneau"), ("29140", "Loperhet")]
    rows = [["Identifiant", "Nom", "Code INSEE", "Commune", "Usage", "Surface (m²)", "Électricité (kWh)", "Gaz (kWh)", "Réseau de chaleur (kWh)", "Année"]]
    expected = {}
    for i, b in enumerate(bs):
        code, commune = finistere[i % 4]
        rows.append([f"NOM-{i + 1:02d}", b.name(), "" if i % 2 == 0 else code, commune, b.usage_word, fr(b.surface)] + energy_cells(b, fr) + [b.conso_year])
        expected[f"NOM-{i + 1:02d}"] = {"commune": code}
    unknown_row = len(rows) + 1
    b = take(1, public)[0]
    rows.append(["NOM-99", b.name(), "", "Kerlouan-sur-Mer", b.usage_word, fr(b.surface)] + energy_cells(b, fr) + [b.conso_year])
    corpus.add("19_commune_par_son_nom.csv", encode(csv_text(rows), "cp1252"),
               "Code INSEE vide sur une ligne sur deux, colonne Commune renseignée : le nom suffit quand il est unique dans le département "
               "(Saint-Martin-des-Champs existe dans 5 départements, une seule fois dans le Finistère). Dernière ligne : une commune qui n'existe pas → erreur.",
               "code vide + nom de commune", fmt="CSV", encodage="Windows-1252", ligne_entete=1, lignes=len(rows) - 1, valide=False,
               identifiants="fournis", erreurs=[problem(unknown_row, "erreur", mot="commune")], cellules=cells_of(rows, 1, [6, 7, 8]),
               detail={"par_identifiant": expected},
               sur="Le détail n'est vérifié que si le serveur le renvoie pour un fichier non valide.")

    # 20 — XLSX error cells (#DIV/0!, #N/A, #VALUE!, #REF!) in secondary cells only: warnings, the file imports.
    bs = landerneau(take(10, public))
    rows = [["Code bâtiment", "Nom", "Code INSEE", "Usage", "Surface (m²)", "Année de construction", "Électricité (kWh)", "Gaz (kWh)",
             "Ratio kWh/m²", "Année"]]
    errors = {}
    for i, b in enumerate(bs):
        e = dict(b.energies)
        rows.append([f"LAN-E{i + 1:02d}", b.name(), b.code, b.usage_word, b.surface, b.year, e.get("electricite"), e.get("gaz_naturel"),
                     round(sum(e.values()) / b.surface, 1), b.conso_year])
    for r, c, code in [(3, 5, "#N/A"), (5, 5, "#REF!"), (7, 8, "#DIV/0!"), (9, 8, "#VALUE!")]:
        rows[r - 1][c] = code
        errors[(r, c)] = code
    corpus.add("20_erreurs_tableur_secondaires.xlsx", hand_workbook(rows, errors=errors),
               "Cellules d'erreur de tableur (#N/A, #REF! dans l'année de construction ; #DIV/0!, #VALUE! dans une colonne « Ratio » non importée) : "
               "l'année est écartée avec un avertissement nommant l'erreur, le fichier s'importe.",
               "XLSX cellules d'erreur (secondaires)", fmt="XLSX", ligne_entete=1, lignes=len(bs), valide=True, batiments=len(bs), mesures=measured(bs, ("electricite", "gaz_naturel")),
               identifiants="fournis", avertissements=[problem(3, "avertissement", colonne=6, mot="#"), problem(5, "avertissement", colonne=6, mot="#")],
               cellules=cells_of(rows, 1, [6, 7]),
               sur="Les erreurs de la colonne « Ratio kWh/m² » (non reconnue, ignorée) ne sont pas attendues comme problèmes.")

    # 21 — XLSX error cells where they make the building meaningless (surface, consumption): errors.
    bs = landerneau(take(8, public))
    rows = [["Code bâtiment", "Nom", "Code INSEE", "Usage", "Surface (m²)", "Électricité (kWh)", "Gaz (kWh)", "Année"]]
    errors = {}
    for i, b in enumerate(bs):
        e = dict(b.energies)
        rows.append([f"LAN-X{i + 1:02d}", b.name(), b.code, b.usage_word, b.surface, e.get("electricite", 1000), e.get("gaz_naturel"), b.conso_year])
    for r, c, code in [(3, 4, "#VALUE!"), (6, 5, "#DIV/0!"), (8, 5, "#N/A")]:
        rows[r - 1][c] = code
        errors[(r, c)] = code
    corpus.add("21_erreurs_tableur_bloquantes.xlsx", hand_workbook(rows, errors=errors),
               "Cellules d'erreur dans la surface (#VALUE!) et dans la consommation (#DIV/0!, #N/A) : erreurs localisées, le fichier ne s'importe pas.",
               "XLSX cellules d'erreur (bloquantes)", fmt="XLSX", ligne_entete=1, lignes=len(bs), valide=False, identifiants="fournis",
               erreurs=[problem(3, "erreur", colonne=5, mot="#"), problem(6, "erreur", colonne=6, mot="#"), problem(8, "erreur", colonne=6, mot="#")],
               cellules=cells_of(rows, 1, [5, 6]))

    # 22 — XLSX by openpyxl: construction date as a date cell, numbers stored as text, a formula-free sheet.
    bs = landerneau(take(12, public))
    rows = [["Code bâtiment", "Nom", "Code INSEE", "Usage", "Surface (m²)", "Date de construction", "Électricité (kWh)", "Gaz (kWh)", "Année des consommations"]]
    for i, b in enumerate(bs):
        e = dict(b.energies)
        built = datetime.date(b.year or 1975, 1 + i % 12, 1)
        as_text = i % 3 == 0
        rows.append([f"LAN-D{i + 1:02d}", b.name(), b.code, b.usage_word, fr(b.surface) if as_text else b.surface, built,
                     (spaced(e["electricite"]) if as_text else e["electricite"]) if "electricite" in e else None,
                     (spaced(e["gaz_naturel"]) if as_text else e["gaz_naturel"]) if "gaz_naturel" in e else None,
                     str(b.conso_year) if as_text else b.conso_year])
    wb, ws = openpyxl_sheet(rows)
    for r in range(2, len(rows) + 1):
        ws.cell(r, 6).number_format = "DD/MM/YYYY"
    corpus.add("22_dates_et_nombres_en_texte.xlsx", workbook_bytes(wb),
               "Date de construction en cellule date (numéro de série Excel au format JJ/MM/AAAA), une ligne sur trois avec surface et consommations "
               "« nombre stocké comme texte » (« 12 345 » avec espace insécable).",
               "XLSX dates en série ; nombres stockés en texte", fmt="XLSX", ligne_entete=1, lignes=len(bs), valide=True, batiments=len(bs),
               mesures=measured(bs, ("electricite", "gaz_naturel")), identifiants="fournis", avertissements_exacts=True, cellules=cells_of(rows_as_text(rows), 1, [6, 7]))

    # 23 — merged cells in the table: the commune code merged down over the buildings of each commune.
    bs = landerneau(take(12, public), EPCI_MEMBERS[:3])
    bs.sort(key=lambda b: b.code)
    rows = [["Code INSEE", "Commune", "Code bâtiment", "Nom", "Usage", "Surface (m²)", "Électricité (kWh)", "Gaz (kWh)", "Année"]]
    for i, b in enumerate(bs):
        e = dict(b.energies)
        rows.append([b.code, b.commune, f"CA-M{i + 1:02d}", b.name(), b.usage_word, b.surface, e.get("electricite"), e.get("gaz_naturel"), b.conso_year])
    wb, ws = openpyxl_sheet(rows)
    start = 2
    for r in range(2, len(rows) + 2):
        if r == len(rows) + 1 or rows[r - 1][0] != rows[start - 1][0]:
            if r - 1 > start:
                ws.merge_cells(f"A{start}:A{r - 1}")
                ws.merge_cells(f"B{start}:B{r - 1}")
            start = r
    corpus.add("23_cellules_fusionnees.xlsx", workbook_bytes(wb),
               "Code INSEE et commune fusionnés verticalement sur les bâtiments de chaque commune (mise en forme courante) : "
               "la valeur de la cellule fusionnée vaut pour toutes ses lignes. Compte de l'EPCI.",
               "XLSX cellules fusionnées dans le tableau", account="epci", fmt="XLSX", ligne_entete=1, lignes=len(bs), valide=True, batiments=len(bs),
               mesures=measured(bs, ("electricite", "gaz_naturel")), identifiants="fournis", cellules=cells_of(rows, 1, [6, 7]),
               detail={"par_identifiant": {f"CA-M{i + 1:02d}": {"commune": b.code} for i, b in enumerate(bs)}},
               sur="Propager la valeur d'une cellule fusionnée à toutes ses lignes est le comportement attendu retenu ici ; le contrat ne le dit pas.")

    # 24 — the same identifier on two different buildings: an error naming both rows.
    rows = simple_rows("LAN-DB", landerneau(take(12, public)))
    rows[10][0] = rows[4][0]  # row 11 repeats row 5's identifier, on another building
    corpus.add("24_identifiant_en_double.csv", encode(csv_text(rows), "cp1252"),
               "Le même identifiant sur deux bâtiments différents (lignes 5 et 11) : erreur qui nomme les deux lignes (aujourd'hui un bâtiment disparaît).",
               "identifiant en double", fmt="CSV", encodage="Windows-1252", ligne_entete=1, lignes=len(rows) - 1, valide=False, identifiants="fournis",
               erreurs=[problem(11, "erreur", cite=5)], cellules=cells_of(rows, 1, [5, 6]),
               sur="« Nommer les deux lignes » : accepté comme une erreur à la ligne 11 qui cite 5, ou deux erreurs (lignes 5 et 11).")

    # 25 — homonyms without identifiers: same name and commune, different surfaces and years → two buildings.
    bs = landerneau(corpus.take_named(8, public))
    rows = [["Nom", "Code INSEE", "Usage", "Surface (m²)", "Année de construction", "Électricité (kWh)", "Gaz (kWh)", "Année"]]
    for b in bs:
        e = dict(b.energies)
        rows.append([b.name(), b.code, b.usage_word, fr(b.surface), b.year or "", *energy_cells(b, fr, EG), b.conso_year])
    rows[6][0] = rows[2][0]  # rows 3 and 7: same name, same commune, two real buildings
    corpus.add("25_homonymes_sans_identifiant.csv", encode(csv_text(rows), "cp1252"),
               "Sans identifiant, deux lignes au même nom dans la même commune mais de surfaces différentes : deux bâtiments (suffixe d'homonyme).",
               "homonymes sans identifiant", fmt="CSV", encodage="Windows-1252", ligne_entete=1, lignes=len(bs), valide=True, batiments=len(bs),
               mesures=measured(bs, ("electricite", "gaz_naturel")), identifiants="créés", cellules=cells_of(rows, 1, [5, 6]),
               sur="Homonymes : deux bâtiments attendus (un avertissement éventuel est accepté) ; on pourrait aussi les refuser comme doublon.")

    # 26 — impossible secondary values: consumption year 0 (real: it is in ADEME's file), construction year 1200.
    bs = landerneau(take(10, public))
    zero_year = take(1, lambda b: b.energies and b.conso_year == 0)
    bs = bs[:4] + landerneau(zero_year) + bs[4:]
    rows = [["Code bâtiment", "Nom", "Code INSEE", "Usage", "Surface (m²)", "Année de construction", "Électricité (kWh)", "Gaz (kWh)", "Année des consommations"]]
    for i, b in enumerate(bs):
        e = dict(b.energies)
        rows.append([f"LAN-V{i + 1:02d}", b.name(), b.code, b.usage_word, fr(b.surface), 1200 if i == 8 else (b.year or ""),
                     *energy_cells(b, fr, EG), b.conso_year])
    corpus.add("26_valeurs_secondaires_impossibles.csv", encode(csv_text(rows), "cp1252"),
               "Année des consommations 0 (telle quelle dans le DPE ADEME) en ligne 6, année de construction 1200 en ligne 10 : avertissements, le fichier s'importe.",
               "valeurs secondaires impossibles", fmt="CSV", encodage="Windows-1252", ligne_entete=1, lignes=len(bs), valide=True, batiments=len(bs),
               identifiants="fournis", avertissements=[problem(6, "avertissement", colonne=9), problem(10, "avertissement", colonne=6)],
               avertissements_exacts=True, cellules=cells_of(rows, 1, [6, 7]),
               sur="La consommation de la ligne à l'année 0 : gardée sans année ou écartée avec un avertissement sur sa cellule ; « mesures » non vérifié.")

    # 27 — meaningless rows: no surface, negative surface, unknown commune → errors, the file does not import.
    bs = landerneau(take(10, public))
    rows = simple_rows("LAN-N", bs)
    rows[2][4] = ""
    rows[5][4] = "-" + rows[5][4]
    rows[8][2] = "29999"
    corpus.add("27_lignes_sans_sens.csv", encode(csv_text(rows), "cp1252"),
               "Surface vide (ligne 3), surface négative (ligne 6), code commune inconnu 29999 (ligne 9) : erreurs bloquantes localisées.",
               "lignes sans surface / surface négative / commune inconnue", fmt="CSV", encodage="Windows-1252", ligne_entete=1, lignes=len(bs), valide=False,
               identifiants="fournis", erreurs=[problem(3, "erreur", colonne=5, mot="surface"), problem(6, "erreur", colonne=5, mot="surface"),
                                                problem(9, "erreur", colonne=3, mot="commune")],
               cellules=cells_of(rows, 1, [5, 6]))

    # 28 — no usage column: the usage is inferred from the name, "autre" with a warning otherwise.
    bs = landerneau(take(10, public))
    words = [("École", "ecole", "ecole"), ("Groupe scolaire", "ecole", "groupe scolaire"), ("Mairie", "administration", "mairie"),
             ("Gymnase", "gymnase", "gymnase"), ("Salle des fêtes", "salle_polyvalente", "salle des fetes"), ("Médiathèque", "culture", "mediatheque"),
             ("Piscine", "piscine", "piscine"), ("Crèche", "ecole", "creche"), ("Presbytère", "autre", None), ("Atelier municipal", "autre", None)]
    rows = [["Code bâtiment", "Nom", "Code INSEE", "Surface (m²)", "Année de construction", "Électricité (kWh)", "Gaz (kWh)", "Année"]]
    expected = {}
    unknown = []
    for i, (b, (word, usage, matched)) in enumerate(zip(bs, words)):
        e = dict(b.energies)
        place = b.place(safe=True)
        rows.append([f"LAN-U{i + 20}", f"{word} — {place}", b.code, fr(b.surface), b.year or "", *energy_cells(b, fr, EG), b.conso_year])
        expected[f"LAN-U{i + 20}"] = {"usage": usage, "usage_deduit_de": matched}
        if usage == "autre":
            unknown.append(problem(i + 2, "avertissement", mot="usage"))
    corpus.add("28_sans_colonne_usage.csv", encode(csv_text(rows), "cp1252"),
               "Pas de colonne d'usage : l'usage est déduit du nom (école, groupe scolaire, mairie, gymnase, salle des fêtes, médiathèque, piscine, crèche), "
               "« autre » avec un avertissement sinon (presbytère, atelier municipal).",
               "sans colonne usage", fmt="CSV", encodage="Windows-1252", ligne_entete=1, lignes=len(bs), valide=True, batiments=len(bs),
               mesures=measured(bs, ("electricite", "gaz_naturel")), identifiants="fournis", avertissements=unknown, avertissements_exacts=True, cellules=cells_of(rows, 1, [5, 6]),
               detail={"par_identifiant": expected}, sur="Crèche déduite comme « ecole » (table des synonymes actuelle).")

    # 29 — a commune account importing buildings of other communes: a warning on those rows.
    bs = landerneau(take(6, public)) + take(4, lambda b: public(b) and b.code.startswith("29") and b.code != "29103")
    rows = [["Code bâtiment", "Nom", "Code INSEE", "Usage", "Surface (m²)", "Électricité (kWh)", "Gaz (kWh)", "Réseau de chaleur (kWh)", "Année"]]
    rows += [[f"LAN-O{i + 1:02d}", b.name(), b.code, b.usage_word, fr(b.surface)] + energy_cells(b, fr) + [b.conso_year] for i, b in enumerate(bs)]
    corpus.add("29_autres_communes_compte_commune.csv", encode(csv_text(rows), "cp1252"),
               "Le compte de Landerneau importe aussi quatre bâtiments d'autres communes du Finistère : avertissement sur ces lignes, le fichier s'importe.",
               "hors collectivité (commune)", fmt="CSV", encodage="Windows-1252", ligne_entete=1, lignes=len(bs), valide=True, batiments=len(bs),
               mesures=measured(bs), identifiants="fournis", avertissements=[problem(r, "avertissement", colonne=3) for r in range(8, 12)],
               avertissements_exacts=True, cellules=cells_of(rows, 1, [5, 6, 7]))

    # 30 — an EPCI account: buildings of its member communes.
    bs = landerneau(take(14, public), EPCI_MEMBERS)
    rows = [["Identifiant", "Nom", "Code INSEE", "Commune", "Usage", "Surface (m²)", "Année de construction", "Électricité (kWh)", "Gaz (kWh)",
             "Réseau de chaleur (kWh)", "Année"]]
    rows += [[f"CA-{i + 500}", b.name(), b.code, b.commune, b.usage_word, fr(b.surface), b.year or ""] + energy_cells(b, fr) + [b.conso_year]
             for i, b in enumerate(bs)]
    corpus.add("30_epci_communes_membres.csv", encode(csv_text(rows), "cp1252"),
               "Compte de la CA du Pays de Landerneau-Daoulas : bâtiments de ses communes membres, sans avertissement.",
               "EPCI membres", account="epci", fmt="CSV", encodage="Windows-1252", ligne_entete=1, lignes=len(bs), valide=True, batiments=len(bs),
               mesures=measured(bs), identifiants="fournis", avertissements_exacts=True, cellules=cells_of(rows, 1, [7, 8, 9]))

    # 31 — an EPCI account: buildings outside its members (Brest, Quimper…) → errors.
    bs = landerneau(take(6, public), EPCI_MEMBERS) + take(3, lambda b: public(b) and b.code.startswith("29") and b.code not in dict(EPCI_MEMBERS))
    rows = [["Identifiant", "Nom", "Code INSEE", "Usage", "Surface (m²)", "Électricité (kWh)", "Gaz (kWh)", "Réseau de chaleur (kWh)", "Année"]]
    rows += [[f"CA-{i + 600}", b.name(), b.code, b.usage_word, fr(b.surface)] + energy_cells(b, fr) + [b.conso_year] for i, b in enumerate(bs)]
    corpus.add("31_epci_hors_membres.csv", encode(csv_text(rows), "cp1252"),
               "Compte de l'EPCI : trois bâtiments de communes hors de ses membres (lignes 8 à 10) → erreurs, le fichier ne s'importe pas.",
               "hors collectivité (EPCI)", account="epci", fmt="CSV", encodage="Windows-1252", ligne_entete=1, lignes=len(bs), valide=False,
               identifiants="fournis", erreurs=[problem(r, "erreur", colonne=3) for r in (8, 9, 10)], cellules=cells_of(rows, 1, [5, 6, 7]))

    # 32–38 — not a table at all.
    corpus.add("32_pas_un_tableau.pdf", pdf_bytes(), "Un PDF (inventaire imprimé) envoyé à la place du tableur.", "PDF", status=400,
               sur="Message attendu : ni CSV ni Excel.")
    corpus.add("33_image.png", png_bytes(), "Une image PNG (capture d'écran du tableau).", "PNG", status=400)
    corpus.add("34_ancien_excel.xls", xls_bytes(), "Classeur Excel 97-2003 (.xls, conteneur OLE2) : à enregistrer en .xlsx ou CSV.", "XLS (OLE2)",
               status=400, detail={"message": ["xlsx"]})
    corpus.add("35_tableur_libreoffice.ods", ods_bytes(bs[:3]), "Classeur LibreOffice (.ods, zip OpenDocument) : ni CSV ni .xlsx.", "ODS", status=400)
    corpus.add("36_binaire.csv", bytes(random.Random(13).randrange(256) for _ in range(3000)), "Octets aléatoires nommés .csv.", "binaire", status=400)
    corpus.add("37_vide.csv", b"", "Fichier vide.", "vide", status=400)
    header_only = ["Code bâtiment", "Nom", "Code INSEE", "Usage", "Surface (m²)", "Électricité (kWh)", "Année"]
    corpus.add("38_entete_seule.csv", encode(csv_text([header_only]), "cp1252"), "Un en-tête sans aucune ligne de données.", "en-tête seul",
               fmt="CSV", ligne_entete=1, lignes=0, valide=False, batiments=0,
               sur="En-tête seul : attendu 200 avec valide=false et 0 bâtiment (un tableau vide n'est pas « pas un tableau ») ; un 400 serait défendable.")

    # 39 — a consumption column holding text ("environ 12000").
    bs = landerneau(take(8, public))
    rows = [["Code bâtiment", "Nom", "Code INSEE", "Usage", "Surface (m²)", "Énergie principale", "Consommation (kWh)", "Année de consommation"]]
    for i, b in enumerate(bs):
        energy, kwh = b.energies[0]
        rows.append([f"LAN-C{i + 1:02d}", b.name(), b.code, b.usage_word, fr(b.surface), ENERGY_WORDS[energy], fr(kwh), b.conso_year])
    rows[4][6] = "environ " + str(round(int(rows[4][6].split(",")[0]), -3))
    rows[7][6] = "voir facture"
    corpus.add("39_consommation_en_texte.csv", encode(csv_text(rows), "cp1252"),
               "La consommation de deux lignes est du texte (« environ 12000 », « voir facture ») : erreurs localisées sur ces cellules.",
               "consommation en texte", fmt="CSV", encodage="Windows-1252", ligne_entete=1, lignes=len(bs), valide=False, identifiants="fournis",
               erreurs=[problem(5, "erreur", colonne=7), problem(8, "erreur", colonne=7)], cellules=cells_of(rows, 1, [6]))

    # 40 — the mapping test's file: the usage column has a header no synonym names ("Catégorie ERP interne"), and
    # buildings whose use changed (their name says otherwise): the mapping decides.
    bs = landerneau(take(8, public))
    conversions = [("Ancienne école", "Administration", "administration", "ecole"), ("Ancienne mairie", "Culture", "culture", "administration"),
                   ("Ancien gymnase", "Salle polyvalente", "salle_polyvalente", "gymnase"), ("Ancienne école", "Culture", "culture", "ecole")]
    rows = [["Code bâtiment", "Nom", "Code INSEE", "Catégorie ERP interne", "Surface (m²)", "Électricité (kWh)", "Gaz (kWh)", "Année"]]
    with_mapping, without = {}, {}
    for i, b in enumerate(bs):
        e = dict(b.energies)
        name_word, category, usage, inferred = conversions[i % 4]
        place = b.place(safe=True)
        ident = f"LAN-K{i + 1:02d}"
        rows.append([ident, f"{name_word} — {place}", b.code, category, fr(b.surface), *energy_cells(b, fr, EG), b.conso_year])
        with_mapping[ident] = {"usage": usage}
        without[ident] = {"usage": inferred}
    corpus.add("40_categorie_erp_interne.csv", encode(csv_text(rows), "cp1252"),
               "Colonne d'usage à l'en-tête non reconnu (« Catégorie ERP interne ») et bâtiments reconvertis (« Ancienne école » devenue administration) : "
               "sans correspondance l'usage vient du nom ; avec correspondance=Catégorie ERP interne:usage il vient de la colonne.",
               "en-tête d'usage inconnu (essai de correspondance)", fmt="CSV", encodage="Windows-1252", ligne_entete=1, lignes=len(bs), valide=True,
               batiments=len(bs), mesures=measured(bs, ("electricite", "gaz_naturel")), identifiants="fournis", cellules=cells_of(rows, 1, [5, 6]),
               detail={"par_identifiant": without, "avec_correspondance": with_mapping})

    # 41 — invoicing export in XLSX: one line per energy and per year, MWh, numbers with spaces stored as text.
    bs = landerneau(take(8, public), EPCI_MEMBERS)
    rows = [["Code site", "Libellé du site", "Code INSEE", "Usage", "Surface (m²)", "Fluide", "Exercice", "Consommation", "Unité"]]
    for i, b in enumerate(bs):
        for energy, kwh in b.energies:
            for k, year in enumerate((b.conso_year - 1, b.conso_year)):
                # The previous year is the DPE's year scaled by a real-looking 4 % drift: marked as such in the README.
                value = kwh if k == 1 else round(kwh * 1.04)
                rows.append([f"CA-F{i + 1:02d}", b.name(), b.code, b.usage_word, b.surface, ENERGY_WORDS[energy], year,
                             fr(value / 1000, 3) if i % 2 else spaced(value), "MWh" if i % 2 else "kWh"])
    wb, _ = openpyxl_sheet(rows, title="Consommations")
    corpus.add("41_facturation_par_annee.xlsx", workbook_bytes(wb),
               "Export de facturation en classeur : une ligne par site, fluide et exercice (deux années), consommations en texte « 12 345 » ou en MWh.",
               "XLSX ; une ligne par énergie et par année ; nombres en texte", account="epci", fmt="XLSX", ligne_entete=1, lignes=len(rows) - 1, valide=True,
               batiments=len(bs), mesures=len(bs), identifiants="fournis", avertissements_exacts=True, cellules=cells_of(rows, 1, [7]))

    # 42 — everything at once: Windows-1252, title block padded with separators, no identifier, one consumption
    # column with the main energy, a total row.
    bs = landerneau(corpus.take_named(25, public))
    header = ["Bâtiment", "Adresse", "Code INSEE", "Commune", "Usage", "Surface (m²)", "Année de construction", "Énergie principale", "Consommation (kWh)",
              "Année de consommation"]
    pad = [""] * (len(header) - 1)
    rows = [["PATRIMOINE BÂTI - CONSOMMATIONS 2023"] + pad, ["Édité le 15/01/2024 par le service technique"] + pad, [""] * len(header), header]
    for b in bs:
        energy, kwh = b.energies[0]
        rows.append([b.name(), "", b.code, b.commune, b.usage_word, fr(b.surface), b.year or "", ENERGY_WORDS[energy], fr(kwh), b.conso_year])
    rows.append(["TOTAL", "", "", "", "", fr(sum(b.surface for b in bs)), "", "", fr(sum(b.energies[0][1] for b in bs)), ""])
    corpus.add("42_export_complet_titre_total.csv", encode(csv_text(rows), "cp1252"),
               "Tout à la fois, comme un vrai export : Windows-1252, bloc de titre complété de « ; », sans identifiant, conso unique + énergie principale, ligne TOTAL.",
               "cp1252 ; bloc titre ; sans identifiant ; conso unique ; total", fmt="CSV", encodage="Windows-1252", ligne_entete=4, lignes=None, valide=True,
               batiments=len(bs), mesures=len(bs), identifiants="créés", avertissements=[problem(len(rows), "avertissement", mot="total")],
               cellules=cells_of(rows, 4, [8]))

    # 43 — Excel "Texte Unicode" with a title block and no identifier, the critical layout.
    bs = landerneau(corpus.take_named(15, public))
    header = ["Nom", "Code INSEE", "Usage", "Surface (m²)", "Énergie principale", "Consommation (kWh)", "Année de consommation"]
    rows = [["Liste des bâtiments communaux"], [], header]
    for b in bs:
        energy, kwh = b.energies[0]
        rows.append([b.name(), b.code, b.usage_word, fr(b.surface), ENERGY_WORDS[energy], fr(kwh), b.conso_year])
    corpus.add("43_texte_unicode_titre_sans_identifiant.txt", encode(csv_text(rows, sep="\t"), "utf-16-le"),
               "UTF-16 LE à tabulations, un titre et une ligne vide au-dessus de l'en-tête (ligne 3), sans identifiant, conso unique + énergie principale.",
               "UTF-16 LE ; bloc titre ; sans identifiant ; conso unique", fmt="CSV", encodage="UTF-16LE", ligne_entete=3, lignes=len(bs), valide=True,
               batiments=len(bs), mesures=len(bs), identifiants="créés", avertissements_exacts=True, cellules=cells_of(rows, 3, [5]))

    # 44 — fuel oil in litres, a unit the importer does not convert: no value may pass for kWh.
    bs = landerneau(take(8, public))
    rows = [["Code bâtiment", "Nom", "Code INSEE", "Usage", "Surface (m²)", "Électricité (kWh)", "Fioul (litres)", "Année"]]
    for i, b in enumerate(bs):
        e = dict(b.energies)
        rows.append([f"LAN-FL{i + 1:02d}", b.name(), b.code, b.usage_word, fr(b.surface), fr(e.get("electricite", sum(e.values()))),
                     fr(round(sum(e.values()) * 0.3 / 9.96)) if i % 2 == 0 else "", b.conso_year])
    corpus.add("44_fioul_en_litres.csv", encode(csv_text(rows), "cp1252"),
               "Colonne « Fioul (litres) » : le litre n'est pas une unité convertie (kWh, MWh, GJ, m³ de gaz) ; aujourd'hui la valeur passe pour des kWh. "
               "Chaque litre doit être signalé sur sa cellule, jamais lu comme des kWh. Fioul : 30 % de la consommation du DPE à 9,96 kWh/l (écrit ici).",
               "unité non convertie (litres)", fmt="CSV", encodage="Windows-1252", ligne_entete=1, lignes=len(bs), identifiants="fournis",
               cellules=cells_of(rows, 1, [5, 6]), detail={"pas_en_kwh": [7]},
               sur="Litres de fioul : erreur ou avertissement sur chaque cellule, ou conversion annoncée ; « valide » non vérifié.")

    # 45 — spreadsheet errors as French Excel writes them into a CSV (#DIV/0!, #N/A, #VALEUR!, #REF!).
    bs = landerneau(take(8, public))
    rows = [["Code bâtiment", "Nom", "Code INSEE", "Usage", "Surface (m²)", "Année de construction", "Électricité (kWh)", "Gaz (kWh)", "Année"]]
    for i, b in enumerate(bs):
        e = dict(b.energies)
        rows.append([f"LAN-ER{i + 1:02d}", b.name(), b.code, b.usage_word, fr(b.surface), b.year or "", *energy_cells(b, fr, EG), b.conso_year])
    rows[2][4] = "#VALEUR!"
    rows[3][6] = "#DIV/0!"
    rows[5][5] = "#N/A"
    rows[7][5] = "#REF!"
    corpus.add("45_erreurs_tableur_en_texte.csv", encode(csv_text(rows), "cp1252"),
               "Erreurs de tableur écrites en texte par Excel français dans un CSV : #VALEUR! en surface (erreur), #DIV/0! en consommation (erreur), "
               "#N/A et #REF! en année de construction (avertissements).",
               "erreurs de tableur en CSV", fmt="CSV", encodage="Windows-1252", ligne_entete=1, lignes=len(bs), valide=False, identifiants="fournis",
               erreurs=[problem(3, "erreur", colonne=5, mot="#VALEUR!"), problem(4, "erreur", colonne=7, mot="#DIV/0!")],
               avertissements=[problem(6, "avertissement", colonne=6, mot="#N/A"), problem(8, "avertissement", colonne=6, mot="#REF!")],
               cellules=cells_of(rows, 1, [6, 7]))

    # 46 — a blank consumption year on one row although the column exists.
    bs = landerneau(take(8, public))
    rows = [["Code bâtiment", "Nom", "Code INSEE", "Usage", "Surface (m²)", "Énergie principale", "Consommation (kWh)", "Année de consommation"]]
    for i, b in enumerate(bs):
        energy, kwh = b.energies[0]
        rows.append([f"LAN-A{i + 1:02d}", b.name(), b.code, b.usage_word, fr(b.surface), ENERGY_WORDS[energy], fr(kwh), "" if i == 3 else b.conso_year])
    corpus.add("46_annee_de_consommation_vide.csv", encode(csv_text(rows), "cp1252"),
               "La cellule « Année de consommation » de la ligne 5 est vide alors que la colonne existe : le message dit que la cellule est vide.",
               "année de consommation vide", fmt="CSV", encodage="Windows-1252", ligne_entete=1, lignes=len(bs), identifiants="fournis",
               erreurs=[], avertissements=[], cellules=cells_of(rows, 1, [6]), detail={"probleme_a": [{"ligne": 5, "colonne": 8, "mot": "vide"}]},
               sur="Gravité non fixée (erreur ou avertissement) : on vérifie seulement un problème ligne 5, colonne 8, qui dit « vide ».")


EG = ("electricite", "gaz_naturel")


def energy_cells(b, fmt, kinds=("electricite", "gaz_naturel", "reseau_chaleur")):
    """The building's consumptions (kWh) of the energies `kinds`, written by `fmt` (None: numbers for a workbook),
    empty where it has none."""
    e = dict(b.energies)
    return [(fmt(e[k]) if fmt else e[k]) if k in e else ("" if fmt else None) for k in kinds]


SIMPLE_HEADER = ["Code bâtiment", "Nom", "Code INSEE", "Usage", "Surface (m²)", "Électricité (kWh)", "Gaz (kWh)", "Année"]


def simple_rows(prefix, bs):
    """The plainest inventory (SIMPLE_HEADER), identifiers `prefix` + number, for the files whose point is a
    defect planted in it."""
    return [list(SIMPLE_HEADER)] + [[f"{prefix}{i + 1:02d}", b.name(), b.code, b.usage_word, fr(b.surface)] + energy_cells(b, fr, EG) + [b.conso_year]
                                    for i, b in enumerate(bs)]


def rows_as_text(rows):
    """The cells of an openpyxl-written sheet as the manifest records them (numbers as Python writes them)."""
    return [[v if not isinstance(v, (datetime.date,)) else v.isoformat() for v in row] for row in rows]


# The package parts the fuzz corpus's minimal workbook leaves out, so that Excel and LibreOffice open these files.
PACKAGE_PARTS = [
    ("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
     '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
     '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
     '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'),
    ("_rels/.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
     '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
]


def hand_workbook(rows, formulas=None, errors=None):
    """A workbook written by hand: openpyxl cannot write a formula's cached value, nor keep an error cell as is."""
    formulas, errors = formulas or {}, errors or {}

    def cell(r, c, v):
        ref = f"{fuzz_corpus.col(c)}{r}"
        if (r, c) in errors:
            return f'<c r="{ref}" t="e"><v>{errors[(r, c)]}</v></c>'
        if v is None or v == "":
            return ""
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            f = f"<f>{formulas[(r, c)]}</f>" if (r, c) in formulas else ""
            return f'<c r="{ref}">{f}<v>{en(v, 3) if isinstance(v, float) else v}</v></c>'
        return None

    return fixed_dates(fuzz_corpus.xlsx(extra=PACKAGE_PARTS, sheet=fuzz_corpus.sheet_xml([[("" if v is None else v) if not isinstance(v, (int, float)) else v for v in row] for row in rows],
                                                  cell=cell)))


def pdf_bytes():
    text = "BT /F1 12 Tf 50 780 Td (Inventaire du patrimoine bati - Ville de Landerneau) Tj ET"
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
               f"<< /Length {len(text)} >>\nstream\n{text}\nendstream", "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, o in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{o}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode() + "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def png_bytes():
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    width, height = 4, 2
    raw = b"".join(b"\0" + b"\xff\xff\xff" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def xls_bytes():
    """The header sector of an OLE2 compound document (what an .xls starts with), then empty sectors: enough for
    a reader to tell an Excel 97-2003 file, not a readable workbook."""
    header = bytearray(512)
    header[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    header[24:26] = (0x3E).to_bytes(2, "little")  # minor version
    header[26:28] = (3).to_bytes(2, "little")  # major version 3 (512-byte sectors)
    header[28:30] = (0xFFFE).to_bytes(2, "little")  # little-endian
    header[30:32] = (9).to_bytes(2, "little")
    header[32:34] = (6).to_bytes(2, "little")
    header[44:48] = (1).to_bytes(4, "little")
    header[48:52] = (1).to_bytes(4, "little")
    header[56:60] = (4096).to_bytes(4, "little")
    header[60:64] = (0xFFFFFFFE).to_bytes(4, "little")
    header[68:72] = (0xFFFFFFFE).to_bytes(4, "little")
    header[76:80] = (0).to_bytes(4, "little")
    header[80:512] = b"\xff" * 432
    return bytes(header) + b"\0" * 1536


def ods_bytes(bs):
    rows = "".join("<table:table-row>" + "".join(f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>'
                                                 for v in (b.name(), b.code, b.usage_word, fr(b.surface))) + "</table:table-row>" for b in bs)
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
               f'office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Patrimoine">{rows}</table:table></office:spreadsheet>'
               '</office:body></office:document-content>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
                'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        # The OpenDocument rule: "mimetype" first and stored, so the file starts with PK… like an .xlsx.
        z.writestr(zipfile.ZipInfo("mimetype", date_time=EXPORT_TIME.timetuple()[:6]), "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        for name, data in (("content.xml", content), ("META-INF/manifest.xml", manifest)):
            z.writestr(zipfile.ZipInfo(name, date_time=EXPORT_TIME.timetuple()[:6]), data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def write_file_table(readme, entries):
    """Rewrites the README's last section, the list of files with their expected outcome, from the manifest."""
    title = "## Les fichiers\n"
    with open(readme, encoding="utf-8") as f:
        text = f.read()
    lines = ["| Fichier | Disposition | Compte | Attendu |", "|---|---|---|---|"]
    for e in entries:
        if e["statut"] == 400:
            expected = "HTTP 400 (ni CSV ni Excel)"
        else:
            expected = {True: "importé", False: "refusé", None: "validité non fixée"}[e["valide"]]
            if e["valide"] and e["batiments"] is not None:
                expected += f", {e['batiments']} bâtiments, {e['mesures'] if e['mesures'] is not None else '?'} mesurés"
            if e["avertissements"]:
                expected += f", {len(e['avertissements'])} avertissement(s) localisé(s)"
            if e["erreurs"]:
                expected += f", {len(e['erreurs'])} erreur(s) localisée(s)"
        lines.append(f"| `{e['fichier']}` | {e['disposition']} | {'EPCI' if e['compte'] == 'epci' else 'commune'} | {expected} |")
    with open(readme, "w", encoding="utf-8") as f:
        f.write(text[:text.index(title) + len(title)] + "\n" + "\n".join(lines) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", default=SOURCE if os.path.exists(SOURCE) else BUNDLED)
    parser.add_argument("--out", default=OUT)
    args = parser.parse_args()
    corpus = Corpus(load(args.source))
    build(corpus)
    os.makedirs(args.out, exist_ok=True)
    for name in os.listdir(args.out):
        if name not in ("README.md",):
            os.remove(os.path.join(args.out, name))
    for name, data in corpus.files.items():
        with open(os.path.join(args.out, name), "wb") as f:
            f.write(data)
    manifest = {"source": "ADEME, DPE tertiaire v2, 2021-2024 (Licence Ouverte 2.0)", "epci": EPCI_SIREN,
                "comptes": {"commune": "agent.landerneau", "epci": "agent.pld"}, "fichiers": corpus.entries}
    with open(os.path.join(args.out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)
        f.write("\n")
    write_file_table(os.path.join(args.out, "README.md"), corpus.entries)
    print(f"{len(corpus.files)} fichiers, {sum(len(e['cellules']) for e in corpus.entries)} cellules de consommation, "
          f"{len(corpus.drawn)} DPE distincts parmi {len(corpus.pool)} DPE publics")


if __name__ == "__main__":
    main()
