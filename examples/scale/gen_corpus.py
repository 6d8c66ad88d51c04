#!/usr/bin/env python3
"""Writes N generated news-like documents as JSONL (for throughput runs).

Each document is a short wire story of our own writing: a dateline, six to
ten sentences about two of forty countries (statements, accusations,
meetings, agreements, attacks, aid), and a closing line. Deterministic for
a given N and seed.

    python3 examples/scale/gen_corpus.py 2000 > /tmp/corpus.jsonl
"""

import json
import random
import sys

COUNTRIES = """Argentina Australia Brazil Canada Chile China Colombia Egypt Ethiopia France
Germany Ghana Greece India Indonesia Iran Israel Italy Japan Kenya Mexico Morocco Nigeria
Norway Pakistan Peru Philippines Poland Russia Senegal Spain Sweden Syria Tanzania Thailand
Turkey Uganda Ukraine Venezuela Vietnam""".split()

SENTENCES = [
    "{a} condemned {b} on {d} over the border incident.",
    "The foreign minister of {a} accused {b} of violating the ceasefire.",
    "Officials from {a} and {b} met in the capital on {d} to discuss trade.",
    "{a} signed an agreement with {b} on energy cooperation on {d}.",
    "{a} praised {b} for its help after the earthquake.",
    "{a} threatened {b} with sanctions if the talks failed.",
    "Troops from {a} attacked positions held by {b} near the border on {d}.",
    "{a} sent humanitarian aid to {b} after the floods.",
    "The president of {a} called on {b} to release the detained journalists.",
    "{a} rejected a proposal from {b} to reopen the negotiations.",
    "Police in {a} arrested dozens of protesters on {d}, witnesses said.",
    "Analysts said the dispute between {a} and {b} was unlikely to end soon.",
    "Markets in {a} rose on {d} after the central bank held interest rates.",
    "{a} expelled two diplomats from {b} on {d}.",
    "{a} and {b} agreed to resume flights between the two countries.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 7)
    for i in range(n):
        a, b = rng.sample(COUNTRIES, 2)
        city = a.upper()
        lines = [f"{city} (Dyad Wire) -"]
        for _ in range(rng.randint(6, 10)):
            if rng.random() < 0.3:
                a, b = b, a
            lines.append(rng.choice(SENTENCES).format(a=a, b=b, d=rng.choice(DAYS)))
        lines.append("Reporting by the Dyad Wire desk; editing by the night staff.")
        text = lines[0] + " " + " ".join(lines[1:4]) + "\n\n" + " ".join(lines[4:]) + "\n"
        day = 1 + i % 28
        print(json.dumps({
            "id": f"gen{i:06d}",
            "url": f"https://wire{i % 50}.example/{i}",
            "published": f"2025-02-{day:02d}",
            "text": text,
        }))


if __name__ == "__main__":
    main()
