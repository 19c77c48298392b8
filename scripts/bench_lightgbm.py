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

# LightGBM's defaults (100 rounds would be its default; 400 gives it more room), other losses, and the settings of
# our model (150 trees, learning rate 0.08, 16 leaves, Huber 0.6, no bagging).
ours = {"objective": "huber", "alpha": 0.6, "learning_rate": 0.08, "num_leaves": 16, "min_data_in_leaf": 15, "lambda_l2": 2.0,
        "verbose": -1}
results = {}
for name, params, rounds in [
    ("LightGBM défaut (L2 sur log)", {"objective": "regression", "verbose": -1}, 400),
    ("LightGBM Huber (log)", {"objective": "huber", "alpha": 0.6, "verbose": -1}, 400),
    ("LightGBM L1 (log)", {"objective": "regression_l1", "verbose": -1}, 400),
    ("LightGBM avec nos réglages", ours, 150),
]:
    start = time.perf_counter()
    model = lgb.train(params, lgb.Dataset(train[features], np.log(train["kwhep_m2"])), num_boost_round=rounds)
    elapsed = time.perf_counter() - start
    predicted = np.exp(model.predict(test[features]))
    errors = np.abs(predicted - test["kwhep_m2"])
    results[name] = errors.mean()
    print(f"{name}: MAE {errors.mean():.1f}, erreur médiane {np.median(errors):.1f} kWhEP/m²/an, "
          f"entraînement {elapsed * 1000:.0f} ms ({rounds} arbres)")
print(f"meilleure MAE LightGBM : {min(results.values()):.1f}")
