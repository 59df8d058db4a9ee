"""rashomon from Python: compare the shipped example event, cell by cell.

Run it whole (``python examples/notebook.py``) or cell by cell in an editor that reads
``# %%`` cells (VS Code, Spyder, PyCharm, Jupytext). docs/api.md describes every call.
"""

# %% Read the five reports of one invented event: four outlets and a Russian paper.
from pathlib import Path

import rashomon

EVENT = Path(__file__).parent / "articles" / "korsa-strait-detentions"

found = rashomon.read(EVENT)
for article in found.articles:
    print(f"{article.outlet:<20} {article.published or '':<26} {article.title}")
print("errors:", found.errors)

# %% Compare them (the models load here, once; a few seconds).
comparison = rashomon.compare(found.articles)
label = {ref.id: ref.label for ref in comparison.articles}
print("same story:", comparison.same_story, f"({comparison.similarity:.2f})")
if comparison.first_published:
    print("first published by:", label[comparison.first_published])

# %% Facts every outlet carries, and the numbers they disagree on.
for fact in comparison.facts:
    if fact.coverage == "all":
        print(f"{fact.id}: {fact.members[0].text}")
for fact in comparison.facts:
    for conflict in fact.conflicts:
        values = " / ".join(f"{v.text!r} ({label[v.article]})" for v in conflict.values)
        print(f"{fact.id} disagrees on {conflict.kind} {conflict.about!r}: {values}")

# %% Omissions: what others carry and each outlet leaves out.
facts = {fact.id: fact for fact in comparison.facts}
for article_id, missing in comparison.omissions.items():
    print(f"{label[article_id]} leaves out {len(missing)} facts, e.g.:")
    for fact_id in missing[:2]:
        print("   ", facts[fact_id].members[0].text)

# %% Quotes: one utterance as every outlet words it, translations included.
for group in [g for g in comparison.quotes if len(g.articles) > 1][:5]:
    print(f"{group.id} {group.speaker or 'unattributed'} ({group.wording}):")
    for member in group.members:
        print(f"    {label[member.article]:<20} {member.text}")

# %% Credits: whom each outlet names as its source.
for credit in comparison.credits:
    print(f"{label[credit.article]:<20} credits {credit.source} ({credit.kind}, {credit.cue!r})")

# %% The same comparison as JSON and as one self-contained HTML page.
document = rashomon.to_json(comparison)  # docs/compare-json.md
print(sorted(document))
html = rashomon.to_html(comparison)  # docs/compare-html.md
print(f"{len(html):,} characters of HTML: Path('korsa.html').write_text(html) to keep it")
