"""Building what the caller hears: questions, numbers said digit by digit or as words, slots."""
from __future__ import annotations

from .commands import Ask, Prompt
from .flow import Flow, Slot

# Vietnamese number words (speech.vietnamese.number_words) → the shared messages that say them.
WORD_MESSAGES = {
    "không": "digit_0", "một": "digit_1", "hai": "digit_2", "ba": "digit_3", "bốn": "digit_4",
    "năm": "digit_5", "sáu": "digit_6", "bảy": "digit_7", "tám": "digit_8", "chín": "digit_9",
    "mười": "num_muoi", "mươi": "num_muoi_tens", "mốt": "num_mot", "tư": "num_tu", "lăm": "num_lam",
    "trăm": "num_tram", "linh": "num_linh", "nghìn": "num_nghin", "rất nhiều": "num_many",
}


def question(flow: Flow, prompts: tuple[Prompt, ...], keys: str) -> Ask:
    """Return a one-key question; the global keys (repeat, back, main menu) are always accepted."""
    return Ask(prompts, flow.settings.timeout_seconds, keys + "".join(flow.keys.global_keys))


def digit_prompts(flow: Flow, digits: str) -> tuple[Prompt, ...]:
    """Say each digit of ``digits`` with the pre-rendered ``common.digit_N`` prompts."""
    return tuple(flow.message(f"digit_{c}") for c in digits if c.isdigit())


def number_prompts(flow: Flow, number: int) -> tuple[Prompt, ...]:
    """Say ``number`` as words (``21`` → hai, mươi, mốt) with pre-rendered word prompts."""
    from speech.vietnamese import number_words  # pure; kept local so the engine stays import-light

    return tuple(flow.message(WORD_MESSAGES[word]) for word in number_words(number))


def fill(flow: Flow, items: tuple[Prompt | Slot, ...], slots: dict[str, object]) -> tuple[Prompt, ...]:
    """Replace each :class:`Slot` in ``items`` by prompts for its value in ``slots``.

    Values: ``int`` → number words; ``str`` → digit by digit; ``("label", key)`` → the message
    ``label_<key>`` (nothing if the flow has no such label); a list of ``{"id", "text"}`` dicts →
    one prompt each. Raises ``KeyError`` when a slot has no value (a service bug, not caller input).
    """
    said: list[Prompt] = []
    for item in items:
        if isinstance(item, Prompt):
            said.append(item)
            continue
        value = slots[item.name]
        if isinstance(value, bool):
            raise TypeError(f"slot {item.name!r}: booleans are not speakable")
        if isinstance(value, int):
            said.extend(number_prompts(flow, value))
        elif isinstance(value, str):
            said.extend(digit_prompts(flow, value))
        elif isinstance(value, tuple) and value[:1] == ("label",):
            label = flow.messages.get(f"label_{value[1]}")
            said.extend([label] if label else [])
        else:
            said.extend(Prompt(entry["id"], entry["text"]) for entry in value)
    return tuple(said)
