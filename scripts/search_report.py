"""Hotline search quality: is a right answer among the top three?

Loads the trained model in-process and ranks with the hotline's own ranking
(bot/hotline/search.py), which is the chat's understanding (classifier + knowledge ranker):
1. every FAQ question of the held-out set tests/nlu_test.yml (right = its topic);
2. every question of the real-world set tests/realworld/questions.yml (right = a topic whose
   answer has the facts or the referral the question needs; scripts/realworld.py).
Prints the shares and the misses. The test suite asserts both over the running server.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable, Iterable, List, Tuple

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import local_model  # noqa: E402

from bot.hotline.search import TOP_N, rank  # noqa: E402
from knowledge import RETRIEVAL_INTENT  # noqa: E402

TEST_SET = ROOT / "tests" / "nlu_test.yml"


def held_out_faq_examples(path: Path = TEST_SET) -> List[Tuple[str, str]]:
    """(text, topic key) for every FAQ question of the held-out set."""
    pairs = []
    for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
        intent = block.get("intent", "")
        if intent.startswith(RETRIEVAL_INTENT + "/"):
            for line in block["examples"].splitlines():
                if line.strip().startswith("- "):
                    pairs.append((line.strip()[2:].strip(), intent.split("/", 1)[1]))
    return pairs


def accuracy(pairs: Iterable[Tuple[str, str]], parse: Callable[[str], dict]) -> dict:
    top1 = top3 = 0
    misses = []
    pairs = list(pairs)
    for text, key in pairs:
        keys = [hit.topic.key for hit in rank(parse(text), TOP_N)]
        top1 += bool(keys) and keys[0] == key
        top3 += key in keys
        if key not in keys:
            misses.append((text, key, keys))
    return {"questions": len(pairs), "top1": top1 / len(pairs), "top3": top3 / len(pairs), "misses": misses}


def ranked_keys(parse: Callable[[str], dict]) -> Callable[[str], List[str]]:
    return lambda text: [hit.topic.key for hit in rank(parse(text), TOP_N)]


def main() -> int:
    import realworld

    parse = local_model.parser(ROOT / "models" / "asa.tar.gz")
    figures = accuracy(held_out_faq_examples(), parse)
    print(f"held-out FAQ questions: {figures['questions']}")
    print(f"right answer first:          {figures['top1']:.3f}")
    print(f"right answer in the top {TOP_N}:   {figures['top3']:.3f}")
    for text, key, keys in figures["misses"]:
        print(f"  miss: {text!r} expected {key}, got {keys}")
    print()
    print(
        realworld.report(
            realworld.search_results(realworld.load(), ranked_keys(parse)),
            f"real-world set, a right answer in the hotline's top {TOP_N}",
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
