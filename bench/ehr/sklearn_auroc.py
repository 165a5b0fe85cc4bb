"""Cross-check for bench/ehr/learnability.ts: fits scikit-learn's LogisticRegression (L2, lbfgs) on a feature file
written by it (label, is_test, features...) and prints the test AUROC. Debian's python3-sklearn: /usr/bin/python3."""
import sys

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

data = np.loadtxt(sys.argv[1], delimiter=",")
y, is_test, x = data[:, 0], data[:, 1] == 1, data[:, 2:]
model = LogisticRegression(C=1.0, max_iter=2000).fit(x[~is_test], y[~is_test])
print(f"{roc_auc_score(y[is_test], model.decision_function(x[is_test])):.3f}")
