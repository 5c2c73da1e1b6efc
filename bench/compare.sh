#!/usr/bin/env bash
# framing vs scikit-learn, side by side in one run on this machine (see the README's
# "Performance" section). Needs ../shared/data beside the project; builds its own Python virtual
# environment with scikit-learn in bench/.venv and writes its data and results to bench/out/.
#
#   bench/compare.sh            # everything (about 10 minutes on 2 cores)
#   REPEATS=1 bench/compare.sh  # one timing per run instead of the fastest of three
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
data="$root/../shared/data"
out="$here/out"
[ -d "$data" ] || { echo "bench: $data is absent" >&2; exit 1; }
mkdir -p "$out"

if [ ! -x "$here/.venv/bin/python" ]; then
  python3 -m venv "$here/.venv"
  "$here/.venv/bin/pip" install --quiet scikit-learn
fi
py="$here/.venv/bin/python"
(cd "$root" && cargo build --release --quiet)
framing="$root/target/release/framing"
"$py" "$here/prepare.py" "$data" "$out"

settings=(--word-ngrams 1-2 --min-df 2 --c 10 --stemmer none --no-cues --no-unknown-words)
json() { "$py" -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }
seconds_of() { grep "Elapsed (wall clock)" "$1" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }'; }
peak_mb_of() { grep "Maximum resident set size" "$1" | awk '{printf "%.0f", $NF/1024}'; }

# framing is timed $repeats times (REPEATS, default 3) per fit or classification, and so is
# scikit-learn (inside its process), and the fastest run kept: this 2-core machine is shared, and a
# neighbour's load only ever adds time.
repeats=${REPEATS:-3}

# Runs a command $repeats times under /usr/bin/time -v, its standard output to $2, its timing to
# $1.N; prints the timing file of the fastest run.
fastest_run() {
  local timing=$1 output=$2 fastest="" r
  shift 2
  for r in $(seq "$repeats"); do
    /usr/bin/time -v "$@" > "$output" 2> "$timing.$r"
    if [ -z "$fastest" ] || awk "BEGIN { exit !($(seconds_of "$timing.$r") < $(seconds_of "$fastest")) }"; then
      fastest="$timing.$r"
    fi
  done
  echo "$fastest"
}

# One train/test split: prints "framing_f1 framing_fit sklearn_f1 sklearn_fit framing_mb sklearn_mb".
# Arguments after the tag go to `framing train`.
split() {
  local train=$1 test=$2 task=$3 tag=$4 fastest
  shift 4
  fastest=$(fastest_run "$out/$tag.time" "$out/$tag.train.log" \
    "$framing" train --labels "$train" --tasks "$task" "${settings[@]}" "$@" --out "$out/$tag.json")
  "$framing" evaluate --model "$out/$tag.json" --labels "$test" --tasks "$task" --json "$out/$tag.report.json" > /dev/null
  /usr/bin/time -v "$py" "$here/sklearn_reference.py" fit "$train" "$test" "$task" "$repeats" > "$out/$tag.sklearn.json" 2> "$out/$tag.sklearn.time"
  echo "$(json "$out/$tag.report.json" "d['tasks']['$task']['macro_f1']") $(seconds_of "$fastest") \
$(json "$out/$tag.sklearn.json" "d['macro_f1']") $(json "$out/$tag.sklearn.json" "d['fit_seconds']") \
$(peak_mb_of "$fastest") $(peak_mb_of "$out/$tag.sklearn.time")"
}

table="$out/results.md"
{
  echo "| task | framing macro-F1 | scikit-learn macro-F1 | framing fit s | scikit-learn fit s | fit speed-up | peak MB framing / scikit-learn |"
  echo "|---|---|---|---|---|---|---|"
} > "$table"
row() {
  "$py" - "$@" >> "$table" <<'PY'
import sys
name, *values = sys.argv[1:]
rows = [list(map(float, v.split())) for v in values]
mean = lambda i: sum(r[i] for r in rows) / len(rows)
print(f"| {name} | {mean(0):.3f} | {mean(2):.3f} | {mean(1):.2f} | {mean(3):.2f} | {mean(3) / mean(1):.1f}x | {mean(4):.0f} / {mean(5):.0f} |")
PY
}
for task in role speech; do
  row "NewsDiscourse $task (train/test)" "$(split "$data/newsdiscourse/train.csv" "$data/newsdiscourse/test.csv" "$task" "nd-$task")"
done
# scikit-learn stops at its default cap of 100 L-BFGS iterations on role without converging;
# framing converges (about 160). The same cap for both is the like-for-like fit.
row "NewsDiscourse role, both capped at 100 iterations" \
  "$(split "$data/newsdiscourse/train.csv" "$data/newsdiscourse/test.csv" role nd-role-100 --max-iter 100)"
for task in label_bias label_opinion; do
  results=()
  for k in 0 1 2 3 4; do
    fold="$out/babe/$task/fold$k"
    results+=("$(split "$fold/train.csv" "$fold/test.csv" "$task" "babe-$task-$k")")
  done
  row "BABE $task (5-fold)" "${results[@]}"
done

# Classification throughput on the >= 50 MB corpus, with the NewsDiscourse role model.
/usr/bin/time -v "$py" "$here/sklearn_reference.py" classify "$data/newsdiscourse/train.csv" role "$out/corpus.txt" \
  "$repeats" > "$out/classify.sklearn.json" 2> "$out/classify.sklearn.time"
sentences=$(json "$out/classify.sklearn.json" "d['sentences']")
bytes=$(json "$out/classify.sklearn.json" "d['bytes']")
sk_seconds=$(json "$out/classify.sklearn.json" "d['seconds']")
# The floor: a bare loop with only the work any such classifier must do (benches/classify_floor.rs).
# Prints "seconds sentences" of its fastest run (it splits sentences more crudely than framing).
floor=$(for r in $(seq "$repeats"); do
  (cd "$root" && cargo bench --quiet --bench classify_floor -- "$out/corpus.jsonl") |
    "$py" -c 'import json,sys; d=json.load(sys.stdin); print(d["seconds"], d["sentences"])'
done | sort -g | head -1)
threads=$(nproc)
for t in 1 "$threads"; do
  cp "$(fastest_run "$out/classify.$t.time" /dev/null \
    "$framing" classify --model "$out/nd-role.json" --threads "$t" "$out/corpus.jsonl" --output /dev/null)" \
    "$out/classify.$t.time"
done
"$py" - "$sentences" "$bytes" "$sk_seconds" "$(seconds_of "$out/classify.1.time")" "$(seconds_of "$out/classify.$threads.time")" \
  "$floor" "$threads" "$(peak_mb_of "$out/classify.1.time")" "$(peak_mb_of "$out/classify.$threads.time")" \
  "$(peak_mb_of "$out/classify.sklearn.time")" >> "$table" <<'PY'
import sys
n, size, sk, one, many = map(float, sys.argv[1:6])
floor_seconds, floor_sentences = map(float, sys.argv[6].split())
floor = floor_seconds * n / floor_sentences  # the floor's time for the same number of sentences
threads = sys.argv[7]
mb1, mbn, mbsk = sys.argv[8:11]
print()
print(f"Classification of {int(n):,} sentences ({size / 1e6:.0f} MB):")
print()
print("| | sentences/s | MB/s | vs scikit-learn | peak MB |")
print("|---|---|---|---|---|")
print(f"| scikit-learn (vectorize + predict_proba, in memory) | {n / sk:,.0f} | {size / 1e6 / sk:.1f} | 1.0x | {mbsk} |")
print(f"| framing, 1 thread (read JSONL, split, classify, write JSONL) | {n / one:,.0f} | {size / 1e6 / one:.1f} | {sk / one:.1f}x | {mb1} |")
print(f"| floor, 1 thread: a bare loop with only the unavoidable work (parse, split, look up, score, write) | {n / floor:,.0f} | {size / 1e6 / floor:.1f} | {sk / floor:.1f}x | |")
print(f"| framing, {threads} threads | {n / many:,.0f} | {size / 1e6 / many:.1f} | {sk / many:.1f}x ({one / many:.2f}x over 1 thread) | {mbn} |")
PY
{
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1e6}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $("$py" -c 'import sklearn; print("scikit-learn", sklearn.__version__)'); framing $("$framing" --version | cut -d' ' -f2)."
  echo "Command: bench/compare.sh ($(date -u +%Y-%m-%d))."
} >> "$table"
cat "$table"
