"""Data for bench/compare.sh, written to OUT (never committed): BABE's two tasks as 5 stratified
folds (the same folds for both tools), and a classification corpus of at least 50 MB built by
repeating NewsDiscourse sentences, as plain sentences (for scikit-learn) and as JSONL articles
(for framing).

    python prepare.py SHARED_DATA OUT
"""
import csv
import json
import os
import random
import sys
from collections import OrderedDict

data, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)


def write(path, rows, task):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["text", task])
        writer.writerows([r["text"], r[task]] for r in rows)


with open(os.path.join(data, "babe", "babe.csv"), newline="", encoding="utf-8") as f:
    babe = list(csv.DictReader(f))
for task in ["label_bias", "label_opinion"]:
    rows = [r for r in babe if r[task] and r[task] != "No agreement"]
    by_label = OrderedDict()
    for r in rows:
        by_label.setdefault(r[task], []).append(r)
    fold_of = {}
    rng = random.Random(0)
    next_fold = 0
    for label in sorted(by_label):
        members = by_label[label]
        rng.shuffle(members)
        for r in members:
            fold_of[id(r)] = next_fold % 5
            next_fold += 1
    for k in range(5):
        write(os.path.join(out, "babe", task, f"fold{k}", "train.csv"), [r for r in rows if fold_of[id(r)] != k], task)
        write(os.path.join(out, "babe", task, f"fold{k}", "test.csv"), [r for r in rows if fold_of[id(r)] == k], task)

docs = OrderedDict()
with open(os.path.join(data, "newsdiscourse", "train.csv"), newline="", encoding="utf-8") as f:
    for r in csv.DictReader(f):
        docs.setdefault(r["doc"], []).append(" ".join(r["text"].split()))
size, i = 0, 0
keys = list(docs)
with open(os.path.join(out, "corpus.jsonl"), "w", encoding="utf-8") as articles, \
        open(os.path.join(out, "corpus.txt"), "w", encoding="utf-8") as sentences:
    while size < 50_000_000:
        key = keys[i % len(keys)]
        articles.write(json.dumps({"id": f"{key}#{i}", "text": " ".join(docs[key])}) + "\n")
        for s in docs[key]:
            sentences.write(s + "\n")
            size += len(s.encode("utf-8")) + 1
        i += 1
print(f"corpus: {i} articles, {size / 1e6:.1f} MB of sentences")
