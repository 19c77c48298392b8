#!/usr/bin/env python3
"""Baseline for the intensity model: LightGBM on exactly the variables `territoires train --split DIR` wrote.

Bench tooling only (pip install lightgbm pandas), never a runtime dependency. Prints LightGBM's errors on the
held-out DPEs and its training time, to set beside `territoires evaluate DIR/test.csv`.
    python3 scripts/bench_lightgbm.py DIR
"""
import sys
import time

import lightgbm as lgb
import numpy as np
import pandas as pd

directory = sys.argv[1]
train = pd.read_csv(f"{directory}/variables_train.csv")
test = pd.read_csv(f"{directory}/variables_test.csv")
features = [c for c in train.columns if c not in ("groupe", "kwhep_m2")]

results = {}
for name, params in {
    "LightGBM défaut (L2 sur log)": {"objective": "regression", "verbose": -1},
    "LightGBM Huber (log)": {"objective": "huber", "alpha": 0.6, "verbose": -1},
    "LightGBM L1 (log)": {"objective": "regression_l1", "verbose": -1},
}.items():
    start = time.perf_counter()
    model = lgb.train(params, lgb.Dataset(train[features], np.log(train["kwhep_m2"])), num_boost_round=400)
    elapsed = time.perf_counter() - start
    predicted = np.exp(model.predict(test[features]))
    errors = np.abs(predicted - test["kwhep_m2"])
    results[name] = errors.mean()
    print(f"{name}: MAE {errors.mean():.1f}, erreur médiane {np.median(errors):.1f} kWhEP/m²/an, "
          f"entraînement {elapsed * 1000:.0f} ms (400 arbres)")
print(f"meilleure MAE LightGBM : {min(results.values()):.1f}")
