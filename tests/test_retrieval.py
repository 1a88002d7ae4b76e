"""The lexical second opinion: German words made comparable, BM25 ranking, the combined decision."""

from knowledge.retrieval import Retriever, fold, knowledge_retriever
from knowledge.second_opinion import ANSWER_AT, decide, in_context

LEMMAS = {"Noten": "Note", "Prüfungen": "Prüfung", "schlechte": "schlecht"}
DOCS = {
    "nachhilfe": "Förderunterricht für schlechte Note in der Berufsschule",
    "pruefung": "Vorbereitung auf die Prüfung und Angst",
    "stelle": "Hilfe bei der Suche nach einer Lehrstelle",
}


def small():
    return Retriever(DOCS, lemmas=LEMMAS)


def test_umlauts_and_their_spellings_meet():
    assert fold("Prüfung") == fold("pruefung") == fold("prufung") == "prufung"


def test_lemmas_and_compounds_reach_the_words_of_the_knowledge():
    r = small()
    assert r.analyse("schlechte Noten") == ["schlecht", "note"]
    assert r.analyse("Berufsschulnoten") == ["berufsschule", "note"]
    assert r.analyse("lehrstellensuche") == ["lehrstelle", "suche"]
    assert r.analyse("pruefungsangst") == ["prufung", "angst"]


def test_ranking_finds_the_topic_from_a_compound_it_never_saw():
    r = small()
    assert [h.key for h in r.rank("Lehrstellensuche klappt nicht")][:1] == ["stelle"]
    assert [h.key for h in r.rank("pruefungsangst")][:1] == ["pruefung"]
    assert r.rank("und") == []


def test_the_knowledge_retriever_ranks_real_topics():
    hits = [h.key for h in knowledge_retriever().rank("Berufsschulnoten sind mies, gibts Nachhilfe?", 3)]
    assert "foerderunterricht" in hits


def test_decide_answers_a_clear_topic():
    decision = decide({"kosten": 0.9, "freiwillig": 0.05}, [("kosten", 8.0)], faq_confidence=0.95)
    assert decision.action == "answer" and decision.topic == "kosten"


def test_lexical_evidence_overrides_a_wrong_but_unsure_classifier():
    decision = decide(
        {"berufsschule": 0.5, "foerderunterricht": 0.3},
        [("foerderunterricht", 9.0), ("berufsschule", 2.0)],
        faq_confidence=0.6,
    )
    assert decision.topic == "foerderunterricht"


def test_two_close_plausible_topics_are_asked_and_nothing_plausible_is_unknown():
    ask = decide({"vorphase_dauer": 0.45, "foerderdauer": 0.45}, [("vorphase_dauer", 5.0), ("foerderdauer", 5.0)])
    assert ask.action == "ask" and set(ask.options) == {"vorphase_dauer", "foerderdauer"}
    unknown = decide({"kosten": 0.2, "alter": 0.19}, [], faq_confidence=0.3)
    assert unknown.action == "unknown" and unknown.options == [] and unknown.ranking[0][1] < ANSWER_AT


def test_of_two_close_topics_the_one_the_conversation_was_about_comes_first():
    assert in_context(["kosten", "ref_pruefung"], {"kosten": 0.0, "ref_pruefung": 6.2}) == ["ref_pruefung", "kosten"]
    assert in_context(["kosten", "ref_pruefung"], {"kosten": 3.0, "ref_pruefung": 1.0}) == ["kosten", "ref_pruefung"]
    assert in_context(["kosten", "ref_pruefung"], {}) == ["kosten", "ref_pruefung"]  # no context: ranking stays


def test_earlier_words_are_scored_against_the_knowledge():
    scores = knowledge_retriever().scores("bin durch die abschlussprüfung gefallen", ["kosten", "ref_pruefung"])
    assert scores["ref_pruefung"] > scores["kosten"]
    assert knowledge_retriever().scores("und", ["kosten"]) == {"kosten": 0.0}
