"""Building what the caller hears: questions, numbers said digit by digit or as words, slots."""
from __future__ import annotations

from .commands import Ask, Pause, Prompt, Sound
from .flow import Flow, Slot

# Vietnamese number words (speech.vietnamese.number_words) → the shared messages that say them.
WORD_MESSAGES = {
    "không": "digit_0", "một": "digit_1", "hai": "digit_2", "ba": "digit_3", "bốn": "digit_4",
    "năm": "digit_5", "sáu": "digit_6", "bảy": "digit_7", "tám": "digit_8", "chín": "digit_9",
    "mười": "num_muoi", "mươi": "num_muoi_tens", "mốt": "num_mot", "tư": "num_tu", "lăm": "num_lam",
    "trăm": "num_tram", "linh": "num_linh", "nghìn": "num_nghin", "rất nhiều": "num_many",
}


# How a key is named aloud ("phím sao"); digits are named as themselves ("phím 1").
KEY_NAMES = {"*": "sao", "#": "thăng"}
SPEECH_SUFFIX = "_speech"  # a message said instead of its keys-only namesake when the call listens


def key_wording(key: str) -> str:
    """The words that name ``key`` to the caller: ``"*"`` → ``"phím sao"``, ``"1"`` → ``"phím 1"``."""
    return f"phím {KEY_NAMES.get(key, key)}"


def names_key(text: str, key: str) -> bool:
    """True when ``text`` names ``key`` ("phím sao", "bấm phím 1", "Bấm 1"), case-insensitively."""
    lowered = text.casefold()
    name = KEY_NAMES.get(key, key)
    return f"phím {name}" in lowered or f"bấm {name}" in lowered


def with_repeat(flow: Flow, prompts: tuple[Sound, ...]) -> tuple[Sound, ...]:
    """Return ``prompts`` ending with how to hear the question again: unchanged when they name the
    repeat key already ("Nghe lại, bấm phím sao."), else followed by the ``repeat_keys`` message.

    Every question names its keys, at least the repeat key (issue 8), whoever wrote its text.
    """
    repeat = flow.keys.repeat
    if any(isinstance(p, Prompt) and names_key(p.text, repeat) for p in prompts):
        return prompts
    return (*prompts, flow.message("repeat_keys"))


def variant(flow: Flow, name: str, speaks: bool) -> Prompt:
    """The shared message ``name``, or ``name_speech`` when the question also listens (``speaks``,
    see :attr:`~ivr.engine.state.State.speaks`) and the flow has that variant.

    Keys-only wording never invites speech; a caller who cannot be heard is never told to talk.
    """
    if speaks and f"{name}{SPEECH_SUFFIX}" in flow.messages:
        return flow.message(f"{name}{SPEECH_SUFFIX}")
    return flow.message(name)


def question(flow: Flow, prompts: tuple[Sound, ...], keys: str) -> Ask:
    """Return a one-key question ending with the repeat key's name (:func:`with_repeat`); the
    global keys (repeat, back, main menu) are always accepted."""
    return Ask(with_repeat(flow, prompts), flow.settings.timeout_seconds,
               keys + "".join(flow.keys.global_keys))


def digit_groups(digits: str, phone: bool = False) -> list[str]:
    """Cut ``digits`` into the groups a listener can hold.

    A phone number (``phone``) in the groups of its written form, from ``phonenumbers`` via
    :func:`speech.vietnamese.phone_groups` (``"0912345678"`` → ``0912 345 678``); a code such as a
    six-digit reference in threes (``"123456"`` → ``123 456``). The groups always join back to
    exactly the digits given (a form that adds or drops digits, such as ``84…`` → ``0…``, is not
    used), and a lone last digit joins the group before it. Non-digits are ignored.
    """
    plain = "".join(c for c in digits if c.isdigit())
    if phone:
        from speech.vietnamese import phone_groups  # pure (phonenumbers); local: engine import-light

        groups = phone_groups(plain)
        if "".join(groups) == plain:
            return groups
    groups = [plain[i:i + 3] for i in range(0, len(plain), 3)]
    if len(groups) > 1 and len(groups[-1]) == 1:
        groups[-2:] = [groups[-2] + groups[-1]]
    return groups


def digit_prompts(flow: Flow, digits: str, phone: bool = False) -> tuple[Sound, ...]:
    """Say ``digits`` one by one with the ``common.digit_N`` prompts, in :func:`digit_groups`,
    each group followed by a one-second :class:`Pause`."""
    said: list[Sound] = []
    for group in digit_groups(digits, phone):
        said.extend(flow.message(f"digit_{c}") for c in group)
        said.append(Pause(1))
    return tuple(said)


def number_prompts(flow: Flow, number: int) -> tuple[Prompt, ...]:
    """Say ``number`` as words (``21`` → hai, mươi, mốt) with pre-rendered word prompts."""
    from speech.vietnamese import number_words  # pure; kept local so the engine stays import-light

    return tuple(flow.message(WORD_MESSAGES[word]) for word in number_words(number))


def label_prompts(flow: Flow, keys: tuple[str, ...]) -> tuple[Prompt, ...]:
    """The messages ``label_<key>`` of ``keys``, the message ``label_also`` ("có khi lại xưng
    là") between two of them; keys the flow has no label for are left out."""
    labels = [flow.messages[f"label_{key}"] for key in keys if f"label_{key}" in flow.messages]
    said: list[Prompt] = labels[:1]
    also = flow.messages.get("label_also")
    for label in labels[1:]:
        said.extend([also, label] if also else [label])
    return tuple(said)


def fill(flow: Flow, items: tuple[Prompt | Slot, ...], slots: dict[str, object]) -> tuple[Sound, ...]:
    """Replace each :class:`Slot` in ``items`` by prompts for its value in ``slots``.

    Values: ``int`` → number words; ``str`` → a code, digit by digit in groups of three with
    pauses (:func:`digit_prompts`); ``("phone", digits)`` → a phone number, digit by digit in
    the groups of its written form (0912 345 678) with pauses; ``("label", key, ...)`` → the
    messages ``label_<key>`` (:func:`label_prompts`); a list of ``{"id", "text"}`` dicts →
    one prompt each. Raises ``KeyError`` when a slot has no value (a service bug, not caller input).
    """
    said: list[Sound] = []
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
        elif isinstance(value, tuple) and value[:1] == ("phone",):
            said.extend(digit_prompts(flow, value[1], phone=True))
        elif isinstance(value, tuple) and value[:1] == ("label",):
            said.extend(label_prompts(flow, value[1:]))
        else:
            said.extend(Prompt(entry["id"], entry["text"]) for entry in value)
    return tuple(said)
