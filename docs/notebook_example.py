"""A notebook session as a script: read plans, tabulate them with pandas, compare, look at evidence.

Run from the project root (or pass a folder of plans): python docs/notebook_example.py [FOLDER]
Needs the pandas extra: pip install 'ccompare[pandas]'.
"""

import sys

import ccompare
from ccompare.frames import frames

folder = sys.argv[1] if len(sys.argv) > 1 else "corpus/raw"
result = ccompare.extract(folder)
print(f"{len(result.plans)} plans, {len(result.errors)} unreadable inputs")

comparison = ccompare.compare(result)
tables = frames(result, comparison)
for name, frame in tables.items():
    print(f"{name}: {len(frame)} rows, columns {', '.join(frame.columns)}")

tasks = tables["tasks"]
leads = tasks.explode("lead").groupby("lead").size().sort_values(ascending=False)
print("agencies leading most tasks:")
print(leads.head(5).to_string())

pairs = tables["pairs"].sort_values("score", ascending=False)
best = pairs.iloc[0]
print(f"closest pair ({best.score:.2f}): {best.a_task} ~ {best.b_task}; shared: {', '.join(best.evidence)}")

# evidence: a span points into the plan's NFC source text
task = tasks.iloc[0]
source = result.sources[task.plan_id]
print("first task as written:", source.text[task.start:task.end][:80])

citations = ccompare.cite_text("Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ")
print("cite_text:", [(c.target, c.span) for c in citations])
