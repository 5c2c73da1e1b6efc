"""The scikit-learn side of bench/compare.sh: fit and score TfidfVectorizer + LogisticRegression
with the same settings as framing, and time classification of a corpus of sentences.

    python sklearn_reference.py fit TRAIN.csv TEST.csv TASK [REPEATS] -> JSON {macro_f1, fit_seconds}
                                      (the fastest of REPEATS fits, default 1)
    python sklearn_reference.py classify TRAIN.csv TASK CORPUS.txt [REPEATS] -> JSON {sentences, bytes, seconds}
                                      (the fastest of REPEATS passes over the corpus, default 1)
"""
import csv
import json
import sys
import time

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score

SETTINGS = dict(ngram_range=(1, 2), sublinear_tf=True, min_df=2)
C = 10.0


def read(path, task):
    with open(path, newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f)]
    return [r["text"] for r in rows], [r[task] for r in rows]


def fit(texts, labels):
    started = time.perf_counter()
    vectorizer = TfidfVectorizer(**SETTINGS)
    x = vectorizer.fit_transform(texts)
    model = LogisticRegression(C=C).fit(x, labels)
    return vectorizer, model, time.perf_counter() - started


def main():
    command = sys.argv[1]
    if command == "fit":
        train, test, task = sys.argv[2:5]
        repeats = int(sys.argv[5]) if len(sys.argv) > 5 else 1
        data = read(train, task)
        seconds = float("inf")
        for _ in range(repeats):
            vectorizer, model, took = fit(*data)
            seconds = min(seconds, took)
        texts, truth = read(test, task)
        predicted = model.predict(vectorizer.transform(texts))
        print(json.dumps({"macro_f1": f1_score(truth, predicted, average="macro"), "fit_seconds": seconds,
                          "iterations": int(max(model.n_iter_))}))
    elif command == "classify":
        train, task, corpus = sys.argv[2:5]
        repeats = int(sys.argv[5]) if len(sys.argv) > 5 else 1
        vectorizer, model, _ = fit(*read(train, task))
        with open(corpus, encoding="utf-8") as f:
            sentences = f.read().splitlines()
        seconds = float("inf")
        for _ in range(repeats):
            started = time.perf_counter()
            for start in range(0, len(sentences), 10000):
                model.predict_proba(vectorizer.transform(sentences[start:start + 10000]))
            seconds = min(seconds, time.perf_counter() - started)
        size = sum(len(s.encode("utf-8")) + 1 for s in sentences)
        print(json.dumps({"sentences": len(sentences), "bytes": size, "seconds": seconds}))
    else:
        sys.exit(f"unknown command {command}")


if __name__ == "__main__":
    main()
