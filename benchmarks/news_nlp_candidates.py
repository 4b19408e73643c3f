"""Measure the Chinese NLP candidates of issue 13 on the development half of corpus/news (never the test half).

    PYTHONPATH=src .venv/bin/python benchmarks/news_nlp_candidates.py [corpus/news]

Per candidate, the dev-half scores of the fields it would decide, with everything else as in the product:

* name boundary after a title: the follower rule (``people.NAME_SPLITTERS["rules"]``) or jieba's POS tagger
  (the first word after the title, when tagged ``nr``): fields leader, leader_title, presiding, attendees;
* the meeting date: our date rules (``facts.dates``) or jionlp's time extraction (``jio.ner.extract_time``, the
  first expression in the text, read to month and days): fields month, days (jionlp only when importable);
* numerals: our ``chinese_number`` or cn2an's ``cn2an(..., "smart")``: field round and the ranks of rankings;
* spacy-pkuseg: tried to load its default model offline (it downloads it at first use, so it cannot run here).

Results are recorded in docs/news.md.
"""

from __future__ import annotations

import csv
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from yuanqu.newsroom import extract as extract_module  # noqa: E402
from yuanqu.newsroom.evaluate import FieldScore, load_corpus, score_facts  # noqa: E402
from yuanqu.newsroom.facts import lists, people  # noqa: E402
from yuanqu.newsroom.repair import repair  # noqa: E402


def _score(cases, urls, fields, extract=extract_module.extract) -> tuple[dict[str, FieldScore], float]:
    totals = {name: FieldScore() for name in fields}
    started = time.perf_counter()
    for case in cases:
        facts = extract(repair(case.text).text, url=urls.get(case.id))
        for name, score in score_facts(case.gold, facts).items():
            if name in totals:
                totals[name].add(score)
    return totals, (time.perf_counter() - started) * 1000 / len(cases)


def _line(label: str, totals: dict[str, FieldScore], ms: float) -> str:
    micro = FieldScore()
    for score in totals.values():
        micro.add(score)
    cells = " ".join(
        f"{name} {score.f1:.3f}" if score.f1 is not None else f"{name} —" for name, score in totals.items()
    )
    figures = f"micro P {micro.precision or 0:.3f} R {micro.recall or 0:.3f} F1 {micro.f1 or 0:.3f}"
    return f"{label:28} {figures} | {cells} | {ms:.1f} ms/report"


def _jionlp_extract(base):
    import jionlp

    def extract(text: str, url: str | None = None) -> dict:
        facts = base(text, url=url)
        found = jionlp.ner.extract_time(text, time_base=time.time(), with_parsing=True)
        facts["month"], facts["days"] = None, []
        for item in found:
            parsed = (item.get("detail") or {}).get("time")
            if not parsed or item.get("detail", {}).get("type") not in ("time_point", "time_span"):
                continue
            start, end = parsed[0][:10], parsed[-1][:10]
            if "日" not in item["text"] and "号" not in item["text"]:
                continue  # a year, a month or a period, not a meeting's day
            try:
                month, first, last = int(start[5:7]), int(start[8:10]), int(end[8:10])
            except ValueError:
                continue
            facts["month"] = month
            facts["days"] = list(range(first, last + 1)) if end[5:7] == start[5:7] else [first, last]
            break
        return facts

    return extract


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "corpus" / "news"
    cases = load_corpus(folder, split="dev")
    with (folder / "reports.csv").open(encoding="utf-8") as handle:
        urls = {row["id"]: row["url"] for row in csv.DictReader(handle)}
    print(f"dev half: {len(cases)} reports")
    people_fields = ("leader", "leader_title", "presiding", "attendees")
    for name in ("rules", "jieba"):
        people.use_splitter(name)
        print(_line(f"names: {name}", *_score(cases, urls, people_fields)))
    people.use_splitter("rules")

    date_fields = ("month", "days")
    print(_line("dates: ours", *_score(cases, urls, date_fields)))
    try:
        jionlp_extract = _jionlp_extract(extract_module.extract)
        print(_line("dates: jionlp extract_time", *_score(cases, urls, date_fields, jionlp_extract)))
    except ImportError:
        print("dates: jionlp               not importable here (pip install jionlp to measure)")

    number_fields = ("round", "rankings")
    print(_line("numerals: ours", *_score(cases, urls, number_fields)))
    try:
        import cn2an
    except ImportError:
        print("numerals: cn2an             not importable here (pip install cn2an to measure)")
        return

    def cn2an_number(text: str) -> int | None:
        try:
            return int(cn2an.cn2an(text, "smart"))
        except (ValueError, TypeError):
            return None

    ours = lists.chinese_number
    lists.chinese_number = extract_module.chinese_number = cn2an_number
    try:
        print(_line("numerals: cn2an", *_score(cases, urls, number_fields)))
    finally:
        lists.chinese_number = extract_module.chinese_number = ours

    try:
        import spacy_pkuseg

        spacy_pkuseg.pkuseg(postag=True)
        print("spacy-pkuseg: loaded")
    except ImportError:
        print("spacy-pkuseg: not installed")
    except Exception as error:  # noqa: BLE001 - it fails on the download it attempts
        print(f"spacy-pkuseg: cannot load offline ({type(error).__name__}: it downloads its model at first use)")


if __name__ == "__main__":
    main()
