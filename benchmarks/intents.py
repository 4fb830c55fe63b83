"""How often speech.intents understands callers of each region, and how often it reverses them.

Runs ``parse_intent`` on the development table (``tests/speech_recognition/intent_corpus.py``,
the table tests) and on the held-out tables (``intent_heldout.py``, ``intent_heldout2.py``,
``intent_heldout3.py`` … ``intent_heldout12.py``: each written independently, before the parser
changes it measures, and first measured untouched — the earlier ones did prompt the fixes measured
by the later ones), and prints,
per table, accuracy by mode and by region, plus the answers that would **reverse the caller**
(an understood answer the caller did not mean: a false yes, a wrong option, wrong digits, a yes
for a no…), counted separately from the safe misses (not understood: the hotline asks again or
the caller presses a key). ``after confirming`` adds the answers not understood at once whose
guess around a ``[unk]`` is right: the hotline says what it guessed and acts only on a key or a
second "có" (``ivr.engine.confirming``), so they cost the caller one more turn, not a miss.

Rows tagged ``flow`` need words that the flow data does not list yet (issue 9 item 3); they are
scored twice: with the menus as in prompts/ today, and with the proposed words
(``intent_corpus.PROPOSED``).

``--parser REV`` measures ``speech/intents.py`` as it was at a git revision (e.g. the commit
before issue 9's changes), so BEFORE and AFTER come from the same tables::

    .venv/bin/python benchmarks/intents.py                 # the working tree's parser
    .venv/bin/python benchmarks/intents.py --parser aebedc1
    .venv/bin/python benchmarks/intents.py --list reversed # print each reversing answer

Pure Python, under a second. Exit status 0 always (a measurement, not a test).
"""
from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.speech_recognition.intent_corpus import DEV, keywords, outcome, rows  # noqa: E402
from tests.speech_recognition.intent_heldout import HELDOUT  # noqa: E402
from tests.speech_recognition.intent_heldout2 import HELDOUT2  # noqa: E402
from tests.speech_recognition.intent_heldout3 import HELDOUT3  # noqa: E402
from tests.speech_recognition.intent_heldout4 import HELDOUT4  # noqa: E402
from tests.speech_recognition.intent_heldout5 import HELDOUT5  # noqa: E402
from tests.speech_recognition.intent_heldout6 import HELDOUT6  # noqa: E402
from tests.speech_recognition.intent_heldout7 import HELDOUT7  # noqa: E402
from tests.speech_recognition.intent_heldout8 import HELDOUT8  # noqa: E402
from tests.speech_recognition.intent_heldout9 import HELDOUT9  # noqa: E402
from tests.speech_recognition.intent_heldout10 import HELDOUT10  # noqa: E402
from tests.speech_recognition.intent_heldout11 import HELDOUT11  # noqa: E402
from tests.speech_recognition.intent_heldout12 import HELDOUT12  # noqa: E402
from tests.speech_recognition.flow_menus import heard, shipped_menus  # noqa: E402


def load_parser(revision: str | None):
    """The ``speech.intents`` module of the working tree, or of git ``revision``."""
    if revision is None:
        from speech import intents
        return intents
    source = subprocess.run(["git", "-C", str(ROOT), "show", f"{revision}:speech/intents.py"],
                            check=True, capture_output=True, text=True).stdout
    path = Path(tempfile.mkdtemp()) / "intents_at_revision.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("intents_at_revision", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def score(parser, table: list, proposed: bool, flow_menus: dict | None = None) -> list[tuple]:
    """``(row, intent, outcome)`` for every row: menus from ``intent_corpus.MENUS`` (with
    ``PROPOSED`` when ``proposed``), or from ``flow_menus`` (:func:`shipped_menus`) where it has
    the row's context."""
    out = []
    for row in table:
        if flow_menus and row.context in flow_menus:
            intent = heard(parser, row.text, *flow_menus[row.context])
        else:
            intent = parser.parse_intent(row.text, row.mode, keywords(row.context, proposed))
        out.append((row, intent, outcome(row, intent)))
    return out


def _confirmed(row, intent) -> bool:
    """A miss whose guess (the answer read without its ``[unk]``) is what the caller meant."""
    guess = getattr(intent, "guess", None)
    return intent.name == "unknown" and guess is not None and outcome(row, guess) == "right"


def is_false_yes(row, intent) -> bool:
    return intent.name == "yes" and row.expected != "yes"


def is_wrong_option(row, intent) -> bool:
    return intent.name == "option" and row.expected != f"opt:{intent.value}"


def report(title: str, results: list[tuple]) -> dict:
    """Print one table's figures; return them."""
    def line(label: str, subset: list[tuple]) -> str:
        count = Counter(o for _, _, o in subset)
        n = len(subset)
        right = count["right"] / n if n else 0.0
        confirmed = (count["right"] + sum(_confirmed(r, i) for r, i, _ in subset)) / n if n else 0.0
        false_yes = sum(is_false_yes(r, i) for r, i, _ in subset)
        wrong_option = sum(is_wrong_option(r, i) for r, i, _ in subset)
        return (f"  {label:<22} {n:>4}  {right:>7.1%}  {confirmed:>17.1%}  {count['missed']:>6}"
                f"  {count['reversed']:>8}  {false_yes:>9}  {wrong_option:>12}")

    print(f"\n{title}")
    print(f"  {'':<22} {'rows':>4}  {'right':>7}  {'after confirming':>17}  {'missed':>6}"
          f"  {'reversed':>8}  {'false yes':>9}  {'wrong option':>12}")
    print(line("all", results))
    groups: dict[str, list] = defaultdict(list)
    for item in results:
        row = item[0]
        groups[f"mode {row.mode}"].append(item)
    for item in results:
        groups[f"region {item[0].region}"].append(item)
    for item in results:
        if "slip" in item[0].tags:
            groups["recogniser slips"].append(item)
        if "flow" in item[0].tags:
            groups["needs flow words"].append(item)
    for label in sorted(groups, key=lambda g: (not g.startswith("mode"), g)):
        print(line(label, groups[label]))
    count = Counter(o for _, _, o in results)
    return {"rows": len(results), "right": count["right"], "missed": count["missed"],
            "reversed": count["reversed"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parser", metavar="REV", help="git revision of speech/intents.py")
    parser.add_argument("--list", choices=("reversed", "missed"), help="print those rows")
    parser.add_argument("--menus", choices=("frozen", "flow"), default="frozen",
                        help="frozen: the menus of intent_corpus.MENUS (as at aebedc1), then with "
                             "PROPOSED; flow: the menus of the flow in prompts/ today (the sixth "
                             "table was written against them)")
    parser.add_argument("--table", choices=("dev", "heldout", "heldout2", "heldout3", "heldout4",
                                            "heldout5", "heldout6", "heldout7", "heldout8", "heldout9", "heldout10", "heldout11", "heldout12", "all"),
                        default="all")
    args = parser.parse_args(argv)
    module = load_parser(args.parser)
    name = f"speech/intents.py at {args.parser}" if args.parser else "speech/intents.py (working tree)"
    print(f"parser: {name}")
    tables = {"dev": [("development table", DEV)], "heldout": [("held-out table", HELDOUT)],
              "heldout2": [("second held-out table", HELDOUT2)],
              "heldout3": [("third held-out table", HELDOUT3)],
              "heldout4": [("fourth held-out table", HELDOUT4)],
              "heldout5": [("fifth held-out table", HELDOUT5)],
              "heldout6": [("sixth held-out table", HELDOUT6)],
              "heldout7": [("seventh held-out table", HELDOUT7)],
              "heldout8": [("eighth held-out table", HELDOUT8)],
              "heldout9": [("ninth held-out table", HELDOUT9)],
              "heldout10": [("tenth held-out table", HELDOUT10)],
              "heldout11": [("eleventh held-out table", HELDOUT11)],
              "heldout12": [("twelfth held-out table", HELDOUT12)]}
    tables["all"] = (tables["dev"] + tables["heldout"] + tables["heldout2"] + tables["heldout3"]
                     + tables["heldout4"] + tables["heldout5"] + tables["heldout6"]
                     + tables["heldout7"] + tables["heldout8"] + tables["heldout9"] + tables["heldout10"] + tables["heldout11"]
                     + tables["heldout12"])
    for title, text in tables[args.table]:
        table = rows(text)
        rounds = [(False, None), (True, None)] if args.menus == "frozen" else [(True, shipped_menus())]
        for proposed, flow_menus in rounds:
            results = score(module, table, proposed, flow_menus)
            words = ("menus of the flow in prompts/ today" if flow_menus else
                     "menus at aebedc1 + proposed flow words" if proposed else "menus at aebedc1")
            report(f"{title}, {words}", results)
            if args.list:
                for row, intent, result in results:
                    if result == args.list:
                        print(f"    {args.list}: {row.id!r} expected {row.expected}, got "
                              f"{intent.name} {intent.value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
