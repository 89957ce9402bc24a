"""The attribution lexicon, kept as data: cue verbs, phrases, hedges and source vocabulary.

Hedge levels, from weakest commitment upwards in the order they override each other:
asserted < probable < possible < alleged < denied.
"""

from __future__ import annotations

HEDGE_ORDER = ("asserted", "probable", "possible", "alleged", "denied")


def words(text: str) -> list[str]:
    """The whitespace-separated words of a lexicon entry kept as one string."""
    return text.split()


_ASSERTED = """
say tell talk speak refer add announce confirm report state explain note write tweet post
declare reveal insist argue stress emphasize emphasise reply respond answer comment remark
recall conclude testify acknowledge admit concede warn predict promise pledge vow show find
indicate ask urge describe disclose inform mention observe agree continue repeat publish accuse
charge blame criticize criticise praise assert maintain contend learn know hear caution
complain demand propose recommend order call tout boast brag joke quip lament point counter
retort clarify signal hint forecast project calculate count tally determine discover recount
relay relate echo cite quote affirm reaffirm reiterate underscore highlight
"""
_PROBABLE = "believe think estimate expect suspect assume feel reckon guess suggest"
_POSSIBLE = "speculate wonder doubt question"
_ALLEGED = "claim allege purport"
_DENIED = "deny dispute refute reject dismiss rebut"


def _lexicon() -> dict[str, str]:
    levels = {"asserted": _ASSERTED, "probable": _PROBABLE, "possible": _POSSIBLE}
    levels |= {"alleged": _ALLEGED, "denied": _DENIED}
    lexicon: dict[str, str] = {}
    for level, entries in levels.items():
        for word in words(entries):
            lexicon[word] = level
    return lexicon


# Reporting verb lemma -> the hedge it lends to its content by itself.
REPORTING_VERBS: dict[str, str] = _lexicon()

# Verbs whose nested use ("Kim hopes that ...") reports a state of mind rather than a statement
# passed along a chain: inside another claim they only hedge it.
MENTAL_VERBS = frozenset(words("hope want fear expect plan intend wish need feel"))

# Opinion verbs that, with "I"/"you"/"we", are part of a speaker's wording, not a new source.
OPINION_VERBS = frozenset(words("think know believe guess feel suppose mean hope want wonder"))

# Cues whose content can be an infinitive: "claimed to have captured", "vowed to fight".
XCOMP_CUES = frozenset(
    words("claim allege pledge promise vow threaten agree refuse purport profess demand deny")
)

# Cues completed by a preposition whose object is the content: "called for a ban".
PREPOSITIONAL_CUES: dict[str, frozenset[str]] = {
    "call": frozenset({"for", "on"}),
    "ask": frozenset({"for", "about"}),
    "argue": frozenset({"for", "against"}),
    "point": frozenset({"to"}),
    "refer": frozenset({"to"}),
    "respond": frozenset({"to"}),
    "talk": frozenset({"about"}),
    "speak": frozenset({"about", "of"}),
    "complain": frozenset({"about", "of"}),
    "warn": frozenset({"about", "of", "against"}),
    "comment": frozenset({"on"}),
    "testify": frozenset({"about", "to"}),
    "boast": frozenset({"about", "of"}),
    "brag": frozenset({"about"}),
    "joke": frozenset({"about"}),
    "hint": frozenset({"at"}),
}

# Cues that name their object as something: "called the plan a disgrace".
NAMING_VERBS = frozenset(words("call label brand dub term"))

# Cues that take a noun phrase as their content ("confirmed the deployment").
NOUN_CONTENT_VERBS = frozenset(
    words(
        """confirm acknowledge deny announce report reveal dispute reject admit claim predict
        disclose allege estimate describe criticize criticise praise propose"""
    )
)

# A negated one of these withholds confirmation: "has not confirmed" -> hedge "denied".
CONFIRMATION_VERBS = frozenset(words("confirm acknowledge admit verify corroborate"))

# Passive or reduced-relative uses with an implicit source: "were believed to", "is expected to".
IMPLICIT_SOURCE_VERBS: dict[str, str] = {
    "believe": "probable",
    "think": "probable",
    "expect": "probable",
    "estimate": "probable",
    "suspect": "probable",
    "understand": "probable",
    "consider": "probable",
    "say": "alleged",
    "report": "alleged",
    "allege": "alleged",
    "rumor": "alleged",
    "rumour": "alleged",
    "claim": "alleged",
}

# Adverbs that hedge the clause they modify.
HEDGE_ADVERBS: dict[str, str] = {
    "reportedly": "alleged",
    "allegedly": "alleged",
    "purportedly": "alleged",
    "supposedly": "alleged",
    "ostensibly": "alleged",
    "likely": "probable",
    "probably": "probable",
    "apparently": "probable",
    "presumably": "probable",
    "seemingly": "probable",
    "possibly": "possible",
    "perhaps": "possible",
    "maybe": "possible",
    "conceivably": "possible",
}

# Adverbs that, with no cue around, make a clause a claim with an implicit source.
IMPLICIT_SOURCE_ADVERBS = frozenset(w for w, level in HEDGE_ADVERBS.items() if level == "alleged")

MODAL_HEDGES: dict[str, str] = {"may": "possible", "might": "possible", "could": "possible"}

# Predicates that hedge their own complement: "it appears that", "is likely to".
HEDGE_PREDICATES: dict[str, str] = {
    "appear": "probable",
    "seem": "probable",
    "likely": "probable",
    "unlikely": "probable",
    "probable": "probable",
    "possible": "possible",
}

# Verbs that extend a reporting chain past the grammatical source: "citing officials".
CHAIN_VERBS = frozenset({"cite", "quote"})

# Irregular forms the lemmatiser of the small model gets wrong or that we meet uninflected.
IRREGULAR_FORMS: dict[str, str] = {
    "said": "say",
    "says": "say",
    "told": "tell",
    "thought": "think",
    "wrote": "write",
    "written": "write",
    "found": "find",
    "knew": "know",
    "known": "know",
    "heard": "hear",
    "felt": "feel",
    "understood": "understand",
    "hopes": "hope",
    "hoped": "hope",
    "hoping": "hope",
    "shown": "show",
    "foretold": "foretell",
}


# Source vocabulary: words in a source's head or name that tell its type.
MEDIA_NAMES = frozenset(
    words(
        """afp reuters ap bloomberg cnn bbc nyt yonhap tass interfax ria kyodo xinhua axios
        politico nbc cbs abc fox msnbc npr pbs wsj ft dpa efe ansa ukrinform unian meduza"""
    )
)
MEDIA_WORDS = frozenset(
    words(
        """times post journal news newspaper paper daily broadcaster outlet magazine network tv
        television radio telegraph guardian herald tribune gazette press wire tabloid channel
        agence associated reporter reporters correspondent"""
    )
)
AGENCY_WORDS = frozenset(
    words(
        """agency agencies intelligence service services bureau nis cia fbi nsa sbu gur mi6 fsb
        kgb institute commission committee organization organisation group"""
    )
)
MILITARY_WORDS = frozenset(
    words(
        """military army navy forces force command commander commanders chiefs staff jcs troops
        pentagon brigade battalion defense defence"""
    )
)
OFFICIALS_WORDS = frozenset(
    words(
        """official officials spokesman spokeswoman spokesperson spokespeople source sources
        diplomat diplomats aide aides officer officers analysts analyst experts expert"""
    )
)
GOVERNMENT_WORDS = frozenset(
    words(
        """government ministry kremlin administration cabinet parliament congress senate
        presidency president's office state department white house authorities"""
    )
)
PERSON_TITLES = frozenset(
    words("""mayor president minister governor senator sen rep gen general col colonel mr mrs ms dr
    prof judge chancellor prime premier king queen prince chairman ceo""")
)
# Titles of someone who speaks for a body: "Spokesman Henrik Olasz said", after "The Port
# Authority said", speaks for the authority.
SPOKESPERSON_TITLES = frozenset(words("spokesman spokeswoman spokesperson"))
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "i"})
GROUP_PRONOUNS = frozenset({"it", "they", "we", "them", "us"})

# Descriptions that refer back to an outlet named before: "according to the newspaper".
MEDIA_ANAPHORS = frozenset({"newspaper", "paper", "outlet", "daily", "broadcaster", "report"})
