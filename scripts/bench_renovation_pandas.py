#!/usr/bin/env python3
"""The rénovation pipeline written with pandas + LightGBM, to time against `territoires bench-renovation`, which
runs this script in the same run. Bench tooling only, never a runtime dependency.

Same steps as the Swift pipeline: read the inventory CSV (`;`, decimal commas), check it (known commune codes,
positive surfaces, readable numbers), compute final/primary energy and GHG, estimate the expected intensity of
every building with LightGBM on the same variables, score the criteria by percentile, rank, store in SQLite.
    python3 scripts/bench_renovation_pandas.py INVENTORY.csv SPLIT_DIR DATA_DIR [RUNS]
"""
import gzip
import os
import sqlite3
import sys
import tempfile
import time

import lightgbm as lgb
import numpy as np
import pandas as pd

inventory, split, data = sys.argv[1:4]
clock = time.perf_counter

start = clock()
train = pd.read_csv(os.path.join(split, "variables_train.csv"))
features = [c for c in train.columns if c not in ("groupe", "kwhep_m2")]
models = []
# The same settings as the Swift model: 150 trees of 16 leaves, Huber loss, no bagging.
params = {"objective": "huber", "alpha": 0.6, "learning_rate": 0.08, "num_leaves": 16, "min_data_in_leaf": 15, "lambda_l2": 2.0,
          "verbose": -1}
for fold in range(6):  # 5 cross-validation folds + the final model, as the Swift training does
    rows = train if fold == 5 else train[np.arange(len(train)) % 5 != fold]
    models.append(lgb.train(params, lgb.Dataset(rows[features], np.log(rows["kwhep_m2"])), 150))
model = models[-1]
print(f"entraînement LightGBM (150 arbres × 6) : {clock() - start:.2f} s")

with gzip.open(os.path.join(data, "batiments", "dju_annuel_departement_2018_2024.csv.gz"), "rt") as f:
    dju = pd.read_csv(f, dtype={"code_insee_departement": str})
with gzip.open(os.path.join(data, "batiments", "departement_climate_summary.csv.gz"), "rt") as f:
    zones = pd.read_csv(f, dtype={"code": str})
with gzip.open(os.path.join(data, "referentiel", "communes_cog2024.csv.gz"), "rt") as f:
    cog = pd.read_csv(f, dtype=str)
known = set(cog.loc[cog.TYPECOM == "COM", "COM"])
ref = dju[dju.year.between(2019, 2023)].groupby("code_insee_departement")[["dju18_meteo", "cdd22"]].mean()
zone = zones.set_index("code")["zone_rt2012_fcu"].str[:2].map({"H1": 1.0, "H2": 2.0, "H3": 3.0})

def pipeline(times):
    """One run of the pipeline; each phase's time is kept in `times` at its best."""
    def keep(name, start):
        times[name] = min(times.get(name, float("inf")), clock() - start)

    total = clock()
    start = clock()
    df = pd.read_csv(inventory, sep=";", decimal=",", dtype={"code_insee": str, "identifiant": str})
    keep("lecture du CSV", start)

    start = clock()
    problems = (~df.code_insee.isin(known)).sum() + (df.surface <= 0).sum() + df.surface.isna().sum()
    assert problems == 0, problems
    usages = {"École, enseignement": "ecole", "Mairie, administration": "administration", "Gymnase, sport couvert": "gymnase", "Piscine": "piscine",
              "Culture, bibliothèque, musée": "culture", "Salle polyvalente": "salle_polyvalente", "Santé, social": "sante_social", "Autre": "autre"}
    energies = {"Électricité": "electricite", "Gaz naturel": "gaz_naturel", "Fioul domestique": "fioul", "GPL, propane": "gpl", "Bois": "bois",
                "Réseau de chaleur": "reseau_chaleur", "Charbon, combustible fossile": "charbon", "Autre": "autre"}
    df["usage_code"] = df.usage.map(usages)
    df["energie"] = df.energie_chauffage.map(energies)
    df["dep"] = np.where(df.code_insee.str.startswith("97"), df.code_insee.str[:3], df.code_insee.str[:2])
    carriers = ["electricite_kwh", "gaz_kwh", "fioul_kwh", "reseau_chaleur_kwh", "bois_kwh", "gpl_kwh"]
    final = df[carriers].sum(axis=1, min_count=1)
    primary = df.electricite_kwh.fillna(0) * 2.3 + df[carriers[1:]].fillna(0).sum(axis=1)
    heating_elec = df.energie == "electricite"
    ghg = (df.electricite_kwh.fillna(0) * np.where(heating_elec, 0.079, 0.064) + df.gaz_kwh.fillna(0) * 0.227 + df.fioul_kwh.fillna(0) * 0.324
           + df.bois_kwh.fillna(0) * 0.030 + df.gpl_kwh.fillna(0) * 0.272)
    keep("vérification et calculs", start)

    start = clock()
    X = pd.DataFrame({"surface": np.log(df.surface), "annee_construction": df.annee_construction,
                      "dju_reference": df.dep.map(ref.dju18_meteo), "dju_froid_reference": df.dep.map(ref.cdd22), "zone_climatique": df.dep.map(zone)})
    for name in features:
        if name.startswith("usage="):
            X[name] = (df.usage_code == name[6:]).astype(float)
        elif name.startswith("energie="):
            X[name] = np.where(df.energie.isna(), np.nan, (df.energie == name[8:]).astype(float))
    expected = np.exp(model.predict(X[features]))
    measured = final.notna()
    intensity = np.where(measured, primary / df.surface, expected)
    total_primary = intensity * df.surface
    ratio = pd.Series(np.where(measured, intensity / expected, np.nan))
    pct = lambda s: s.rank(pct=True).fillna(0.5)
    score = (30 * pct(ratio) + 20 * pct(pd.Series(total_primary)) + 15 * pct(pd.Series(np.where(measured, ghg, np.nan))) + 5 * pct(df.surface)
             + 5 * pct(-df.annee_construction) + 10 * (df.surface >= 1000) + 5 * np.where(measured, 1.0, 0.3)) / 100 * 100
    df["score"] = score
    df["rang"] = score.rank(ascending=False, method="first").astype(int)
    df = df.sort_values("rang")
    keep("estimation LightGBM et classement", start)

    start = clock()
    path = os.path.join(tempfile.mkdtemp(), "bench.sqlite")
    with sqlite3.connect(path) as db:
        df.to_sql("building", db, index=False)
    keep("enregistrement SQLite", start)
    return clock() - total


# As the Swift pipeline is timed: each phase at its best over the runs, and the best total.
runs = int(sys.argv[4]) if len(sys.argv) > 4 else 1
times = {}
best = min(pipeline(times) for _ in range(runs))
for name, seconds in times.items():
    print(f"{name} : {seconds:.2f} s" + (f" (meilleur de {runs})" if runs > 1 and name.startswith("lecture") else ""))
print(f"TOTAL {best:.3f}")
