"""Validata's report on one file, for e2e/test_validata.py: run with the Python of the venv where scripts/test.sh
installs `validata-table` (a test tool only, never a dependency of the product).

    python validata_oracle.py SCHEMA.json FILE [FILE…]

Prints one JSON line per file: {"fichier", "valide", "erreurs": [{"ligne", "champ", "type", "titre"}],
"avertissements": [texte], "secondes"}. A file Validata cannot read (an exception of its reader) is reported as
invalid with one error of type "file-error", the exception's text as its title."""
import json
import sys
import time
import warnings

from validata_core import validate

warnings.filterwarnings("ignore")


def report(schema, path):
    started = time.perf_counter()
    try:
        result = validate(path, schema).to_dict()
    except Exception as error:  # Validata's reader refusing the file is an answer, not a failure of the oracle
        return {"fichier": path, "valide": False, "secondes": time.perf_counter() - started, "avertissements": [],
                "erreurs": [{"ligne": None, "champ": None, "type": "file-error", "titre": str(error)[:300]}]}
    seconds = time.perf_counter() - started
    return {"fichier": path, "valide": result["valid"], "secondes": seconds,
            "avertissements": [w for w in result["warnings"] if "déprécié" not in w],
            "erreurs": [{"ligne": e.get("rowNumber"), "champ": e.get("fieldName"), "type": e["type"], "titre": e.get("title")}
                        for e in result["errors"]]}


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    for path in sys.argv[2:]:
        print(json.dumps(report(schema, path), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
