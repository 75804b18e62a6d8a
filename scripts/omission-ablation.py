#!/usr/bin/env python3
"""What each group of the omission model's features is worth, held out.

Reads the examples `clausediff train --examples FILE` writes (one line an
example: configuration, corpus, side, label, features) and, for the examples
with the sentence encoder, fits the same logistic regression as the
trainer (L2 penalty 1 over all weights, Newton's method, every example
weighing the same, as `--weigh examples`; with --corpora every corpus
weighs the same, as `--weigh corpora`) on every corpus but one, and
scores the one left out:
its log-loss and the area under its precision-recall curve (average
precision). One line a feature set: every feature, and every feature but
each group in turn.

    scripts/train-omissions.sh /tmp/w.json --examples /tmp/examples.tsv
    python3 scripts/omission-ablation.py /tmp/examples.tsv [--trees] [--corpora] [--sides | --intercept | --shapes]

With --trees, one more line: gradient-boosted trees (scikit-learn's
HistGradientBoostingClassifier) on every feature, held out the same way,
to ask whether the regression's linear form or its features hold it back.

With --backward N, instead: backward elimination, at most N steps. Each
step leaves out the one feature whose removal lowers the sum of the
held-out log-losses most, while that sum falls by more than 0.0005, and
prints the features left out so far with each corpus's log-loss. (The
sum is the criterion the steps are chosen on, so the last line's figures
flatter the set it reaches: judge it on data the steps did not see.)

With --sides, instead: for each corpus held out and each side of the
candidates (the master's: text the version lacks; the version's: text
the master lacks), the log-loss and the precision / recall at 0.5 of one
set of weights learnt on both sides, and of a set learnt on that side's
examples alone.

With --intercept, instead: for each corpus held out and each side, one
set of weights learnt on both sides without the feature `added`, then
the same with it (1 on the version's side: a bias of its own for each
side), and the weight it gets.

With --shapes, instead: every feature as it is, then with a copy of each
for the runs of words and for the units (the feature times `run`, times
`unit`), so that a run or a unit may weigh the evidence its own way.

Needs numpy (and scikit-learn for --trees).
"""
import csv
import sys

import numpy as np

GROUPS = {
    "relative to the document": ["best_match_rel", "links_rel", "dictionary_rel"],
    "clause alignment": ["clause_alone", "alone_by_share"],
    "best cosine": ["best_match", "others_match", "near_match", "best_match_rel"],
    "word links": ["links", "rest_links", "has_links", "words", "words_by_excess", "links_rel"],
    "dictionary": ["dictionary", "has_dictionary", "dictionary_rel"],
    "meaning with and without": ["meaning", "others_meaning"],
}


def load(path):
    """Feature names, features, labels, corpora and sides (1: the version's) of the examples with the encoder."""
    not_examples = f"omission-ablation.py: {path} is not a file of `clausediff train --examples`"
    try:
        with open(path, encoding="utf-8") as f:
            rows = list(csv.reader(f, delimiter="\t"))
    except (OSError, UnicodeDecodeError) as e:
        sys.exit(f"omission-ablation.py: cannot read {path}: {e}")
    if not rows or rows[0][:4] != ["model", "corpus", "version_side", "label"]:
        sys.exit(not_examples)
    names = rows[0][4:]
    data = [r for r in rows[1:] if r[0] == "true"]
    try:
        x = np.array([[float(v) for v in r[4:]] for r in data])
        y = np.array([int(r[3]) for r in data])
        side = np.array([int(r[2]) for r in data])
    except ValueError:
        sys.exit(not_examples)
    if any(len(r) != len(rows[0]) for r in data):
        sys.exit(not_examples)
    corpus = np.array([r[1] for r in data])
    if len(set(corpus)) < 2:
        sys.exit("omission-ablation.py: the examples with the encoder hold fewer than two corpora (one is held out at a time)")
    return names, x, y, corpus, side


def fit(x, y, w, lam=1.0):
    b = np.zeros(x.shape[1])
    penalty = lam * np.eye(x.shape[1])
    penalty[0, 0] = 0.0  # the bias is not penalised
    for _ in range(30):
        p = 1 / (1 + np.exp(-x @ b))
        g = x.T @ (w * (p - y)) + penalty @ b
        h = (x * (w * p * (1 - p))[:, None]).T @ x + penalty
        b -= np.linalg.solve(h, g)
    return b


def average_precision(p, y):
    order = np.argsort(-p)
    hits = y[order]
    precision = np.cumsum(hits) / np.arange(1, len(hits) + 1)
    return (precision * hits).sum() / max(hits.sum(), 1)


def logistic(x_train, y_train, w_train, x_test):
    b = fit(x_train, y_train, w_train)
    return 1 / (1 + np.exp(-x_test @ b))


def trees(x_train, y_train, w_train, x_test):
    try:
        from sklearn.ensemble import HistGradientBoostingClassifier
    except ImportError:
        sys.exit("omission-ablation.py: --trees needs scikit-learn (pip install scikit-learn)")

    m = HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05, max_leaf_nodes=15, l2_regularization=1.0,
                                       random_state=0)
    m.fit(x_train, y_train, sample_weight=w_train)
    return m.predict_proba(x_test)[:, 1]


CORPORA_ALIKE = "--corpora" in sys.argv[1:]


def held_out(names, x, y, corpus, keep, model=logistic):
    return " | ".join(f"{held} {loss:.4f} / {ap:.3f}" for held, loss, ap in scores(names, x, y, corpus, keep, model))


def scores(names, x, y, corpus, keep, model=logistic):
    """(corpus, held-out log-loss, average precision) of each corpus."""
    cols = [names.index(n) for n in keep]
    out = []
    for held in sorted(set(corpus)):
        train = corpus != held
        others = sorted(set(corpus[train]))
        w = np.ones(len(y))
        if CORPORA_ALIKE:
            for c in others:
                m = corpus == c
                w[m] = train.sum() / len(others) / m.sum()
        p = model(x[train][:, cols], y[train], w[train], x[~train][:, cols])
        t = y[~train]
        loss = -np.mean(t * np.log(p + 1e-12) + (1 - t) * np.log(1 - p + 1e-12))
        out.append((held, loss, average_precision(p, t)))
    return out


def backward(names, x, y, corpus, steps):
    """Leave out, step by step, the feature whose removal lowers the summed held-out log-loss most."""
    left_out = []
    best = sum(loss for _, loss, _ in scores(names, x, y, corpus, names))
    print(f"all features: sum {best:.4f}")
    for _ in range(steps):
        tried = []
        for n in names[1:]:  # never the bias
            if n not in left_out:
                s = scores(names, x, y, corpus, [m for m in names if m not in left_out and m != n])
                tried.append((sum(loss for _, loss, _ in s), n, s))
        if not tried:
            break
        loss, n, s = min(tried, key=lambda t: (t[0], t[1]))
        if loss > best - 0.0005:
            break
        best = loss
        left_out.append(n)
        each = " | ".join(f"{held} {l:.4f} / {ap:.3f}" for held, l, ap in s)
        print(f"without {', '.join(left_out)}: sum {best:.4f}; {each}")


def side_figures(p, t):
    """Log-loss, then precision / recall at 0.5."""
    loss = -np.mean(t * np.log(p + 1e-12) + (1 - t) * np.log(1 - p + 1e-12))
    hit = p >= 0.5
    precision = (hit & (t == 1)).sum() / max(hit.sum(), 1)
    recall = (hit & (t == 1)).sum() / max((t == 1).sum(), 1)
    return f"{loss:.4f}, {precision:.3f} / {recall:.3f}"


def sides(x, y, corpus, side):
    """Each side of each held-out corpus: one set of weights for both sides against one for each."""
    print("held out: log-loss, precision / recall at 0.5; one set of weights -> a set for each side")
    for held in sorted(set(corpus)):
        train = corpus != held
        both = fit(x[train], y[train], np.ones(train.sum()))
        for s, what in [(0, "master's side"), (1, "version's side")]:
            mine = train & (side == s)
            own = fit(x[mine], y[mine], np.ones(mine.sum()))
            test = ~train & (side == s)
            p_both = 1 / (1 + np.exp(-x[test] @ both))
            p_own = 1 / (1 + np.exp(-x[test] @ own))
            print(f"{held} {what}: {side_figures(p_both, y[test])} -> {side_figures(p_own, y[test])}")


def intercept(names, x, y, corpus, side):
    """Each side of each held-out corpus: one set of weights, then the same with a bias for the version's side."""
    if "added" in names:  # the feature itself: measure the weights without it against those with it
        x = np.delete(x, names.index("added"), axis=1)
    wide = np.hstack([x, side[:, None].astype(float)])
    print("held out: log-loss, precision / recall at 0.5; one set of weights -> with a bias for each side")
    for held in sorted(set(corpus)):
        train = corpus != held
        both = fit(x[train], y[train], np.ones(train.sum()))
        biased = fit(wide[train], y[train], np.ones(train.sum()))
        for s, what in [(0, "master's side"), (1, "version's side")]:
            test = ~train & (side == s)
            p_both = 1 / (1 + np.exp(-x[test] @ both))
            p_biased = 1 / (1 + np.exp(-wide[test] @ biased))
            print(f"{held} {what}: {side_figures(p_both, y[test])} -> {side_figures(p_biased, y[test])}")
        print(f"{held}: the version's side's own bias {biased[-1]:+.3f}")


def shapes(names, x, y, corpus):
    """Held out, the features alone and with a copy of each for runs and for units."""
    columns = [x]
    for shape in ("run", "unit"):
        copy = x * x[:, names.index(shape)][:, None]
        keep = [i for i in range(x.shape[1]) if copy[:, i].std() > 0 and names[i] != shape]
        columns.append(copy[:, keep])
    wide = np.hstack(columns)
    wide_names = [f"c{i}" for i in range(wide.shape[1])]
    print("held out: log-loss / average precision")
    print(f"{'every feature':28} {held_out(names, x, y, corpus, names)}")
    print(f"{'and a copy for runs, units':28} {held_out(wide_names, wide, y, corpus, wide_names)}")


def main():
    args = [a for a in sys.argv[1:] if a not in ("--trees", "--corpora", "--sides", "--intercept", "--shapes")]
    steps = None
    if "--backward" in args:
        at = args.index("--backward")
        try:
            steps = int(args[at + 1])
        except (IndexError, ValueError):
            sys.exit("omission-ablation.py: --backward needs a number of steps")
        del args[at:at + 2]
    if len(args) != 1:
        sys.exit("usage: omission-ablation.py EXAMPLES.tsv [--trees] [--corpora] [--backward N | --sides | --intercept | --shapes]")
    names, x, y, corpus, side = load(args[0])
    if "--sides" in sys.argv[1:]:
        sides(x, y, corpus, side)
        return
    if "--intercept" in sys.argv[1:]:
        intercept(names, x, y, corpus, side)
        return
    if "--shapes" in sys.argv[1:]:
        shapes(names, x, y, corpus)
        return
    if steps is not None:
        backward(names, x, y, corpus, steps)
        return
    print("held out: log-loss / average precision")
    print(f"{'all features':28} {held_out(names, x, y, corpus, names)}")
    for group, drop in GROUPS.items():
        keep = [n for n in names if n not in drop]
        print(f"{'without ' + group:28} {held_out(names, x, y, corpus, keep)}")
    if "--trees" in sys.argv[1:]:
        print(f"{'trees, all features':28} {held_out(names, x, y, corpus, names, trees)}")


if __name__ == "__main__":
    main()
