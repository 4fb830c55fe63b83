"""What a caller meant, from a recogniser transcript: pure functions, no Vosk, no I/O.

``parse_intent(transcript, mode, keywords)`` returns an :class:`Intent`:

==============  ==========================================  ===================================
mode            intents                                     value
==============  ==========================================  ===================================
``yes_no``      ``yes``, ``no``                             ``None``
``digits``      ``digits``                                  the digit string, e.g. ``"0912"``
``menu``        ``option``                                  the option's key, e.g. ``"2"``
every mode      ``repeat``, ``back``, ``main_menu``,        ``None``
                ``volunteer``, ``visit`` (the controls)
not understood  ``unknown``                                 why: ``empty``, ``unk``,
                                                            ``conflict``, ``acknowledged``,
                                                            ``dont_know``, ``hedge``,
                                                            ``negated``, ``not_yet``,
                                                            ``corrected``, ``no_match``,
                                                            ``low_score``
==============  ==========================================  ===================================

An ``unknown`` intent may carry more for the engine (all ``None`` otherwise, so older callers see
the same three fields): ``negated`` — the option key (menu) or ``"yes"`` (yes/no) the caller
negated ("không gửi" → the key of "gửi"); ``negation`` — the negating word ("chưa", "không",
"đừng"…); ``guess`` — for ``unk``, what the rest of the answer means when that is clear, for a
spoken confirmation. :attr:`Intent.not_yet` is true for "chưa xong", "chưa", "đợi chút": at a
tutorial step that is "not yet" (stay and encourage), never "next".

How words are said, by region: the sources listed at the end. Decisions taken here, each for a
reason:

- **"dạ" alone is not a yes.** It is the polite "yes" of the South [5] but also just "I'm
  listening" [4], so alone it gives ``unknown``/``acknowledged``: the flow asks again ("có hay
  không?") or takes the key. With an answer it is a particle: "dạ không" is *no*, "dạ được" yes.
- **"ừ", "ờ", "ừa", "ầy" are a weak yes** (score 0.7): informal yes in North, South and Nghệ Tĩnh
  [5], but also hesitation sounds, and a grammar maps noise and near-silence onto listed words
  [8]. Next to a real answer they are fillers: "ờ không" is *no*. "ừm" is always a filler.
- **Negation is read before and after the word it negates** [9]–[12]. A negator (không, chưa,
  chẳng, chả, đâu, mô, nỏ, hổng/hông, đừng, khỏi, "làm gì", "đâu có", "mô có"…) in front of a
  yes word or an option keyword, with at most fillers and one unknown word between ("không muốn
  gửi", "đừng có gửi"), negates it; a sentence-final "đâu"/"mô"/"làm gì" negates every yes word
  or option before it in its clause ("có gửi đâu", "có mô", "có phải đâu"). A negated yes is a
  *no*; a negated option is never that option (``unknown``/``negated``, or ``not_yet`` for
  "chưa"). A keyword that itself contains the negator ("không hiểu", "chưa chuyển") is matched
  first as a whole phrase, so it stays that option. Standing alone, the negators are a *no* in a
  yes/no question. A comma in a typed or Twilio transcript ends a negation's reach ("không, có"
  is two answers, hence a conflict).
- **Hedges are not answers**: "có lẽ", "có khi", "có thể", "chắc vậy", "hình như", "để tôi xem",
  "không chắc", "biết đâu" give ``unknown``/``hedge``; "không biết", "không nhớ", "không có số"
  give ``unknown``/``dont_know`` in every mode, never the digit 0. "chắc chắn" is a yes.
- **The last answer wins after a self-correction.** Strong markers ("nhầm", "lộn", "à nhầm",
  "à mà", "ý tôi là", "xin lỗi", "sửa lại"; in digits also "không phải" and "à không") drop
  everything before them; nothing after them is ``corrected`` (not understood). In yes/no and
  menu questions a bare "à" between two answers also splits them and the later one counts
  ("không… à có" → yes); "à không" there is "à" + the negator ("à không gửi" never sends). In
  digits "à không" is a correction when a comma or another "không" follows it, or when keeping
  both parts would make a number longer than 11 digits ("0912 à không 982345678" →
  0982345678: the restated number's own 0); otherwise "à" is a filler and "không" the digit 0.
  The markers are our working list (no public corpus of Vietnamese self-repairs was found).
- **Digits are never guessed past a word we cannot read**: any word of a digits answer that
  is neither a number word nor a filler makes it not understood (it may hold digits; a wrong
  number is worse than asking again). A comma (a pause between the groups a number is read in)
  ends a group: "không chín mười, hai ba" is 0910 23, a lone "mười" is 10.
- **Syllable slips are mended only when unambiguous**: an unknown word that is exactly two or
  three known words run together ("khôngchín", "đúngrồi"), or that joins the next one into a
  known word ("khô ng"), is read so; otherwise it stays unknown.
- **Options over controls inside them**: an option phrase with one unknown or filler word
  slipped in ("nghe lại bản ghi" for "nghe bản ghi") beats the control it contains ("nghe
  lại"); "làm sao/làm răng" (how) asks about an option, "không rõ là ai" is not sure.
- **Menus shaped like a yes/no question** (one option a bare "chưa"/"không", another a yes
  word such as "rồi"): a bare negation or a negated yes option is the no option ("mô có
  chuyển", "có chuyển mô"); an option phrase starting with "không" is also heard with the
  regional "hông", "hổng", "nỏ", "chẳng", "chả"; "chưa đâu" only stresses the option "chưa".
- **Regional words with one standard meaning are read as it** (:data:`REGIONAL`: "mần" →
  "làm", "nác" → "nước", Huế "khôn" → "không") before anything else [11], [14].
- **Around the answer, a caller narrates**: "người ta bảo", "tụi nó đòi", "nhà mạng kêu",
  "cái bước vừa rồi" count half like pronouns (:data:`NARRATIVE`), so the option they wrap is
  not lost to a low score; "vừa rồi" is a time, never the yes "rồi".
- **Asides next to a clearer answer**: a question word ("gì", "sao", "chi") beside another
  answer is part of it ("có tin gì mới không", "quét mã cái chi đó"), not "say it again"; it
  may stand inside an option phrase, as may a number used as an article ("báo một cuộc gọi");
  "thôi" (never mind) before a command is not a *no*; a control gives way to an option that
  starts inside it ("gặp người giúp" is the option "người giúp").
- **Negated "sai" is a yes** ("không sai", "chẳng sai đâu"); **a double negative** ("không phải
  là không có") is not understood: asked again, never guessed.
- **"à không" then a pause then an answer** is a self-correction ("không, à không, có": yes).
- **Refusals that echo their verb** ("đọc chi mà đọc", "gửi gì mà gửi") are "không đọc",
  "không gửi"; "dại gì", "đời nào", "còn lâu" negate like "không"; a postponement ("để hôm
  khác", "để sau") is a *no* to a yes/no question; "nhưng (mà)" splits like "à": the later
  answer counts ("chưa chuyển, nhưng mà có đọc mã rồi").
- **A spoken key before a final particle** ("số một đó", "bấm số bốn nha") is still the key.
- **Any "[unk]" means not understood** [8]: a cough or an off-list word. The rest is still
  parsed and returned as ``guess`` when clear, so the engine may confirm it instead of asking
  again.
- **Two different intents mean not understood** ("có không", which the bigram grammar can emit
  [7]); the same one repeated ("có có") is fine.
- **"không" is 0 in ``digits`` mode and *no* in ``yes_no`` mode**, never the other [1].
- **Tone-mark placement:** "hoá"/"hóa", "khoẻ"/"khỏe", "uỷ"/"ủy", "thuý"/"thúy" are the same
  word written in the new and the old style [13]; keywords and transcripts are both read in one
  form (:func:`canonical`), the tone on the first vowel of an open "oa", "oe", "uy" ("qu" keeps
  its tone on the "y": "quý").
- **Missing diacritics:** a word typed or recognised with no diacritics at all ("khong", "co") is
  matched on its tone-stripped form at 0.8 of the weight; a word *with* other diacritics ("bà")
  is a different word and never matches "ba".
- **Phrases, longest first:** keywords are matched as whole phrases, left to right, the longest
  phrase at each position first, so "hủy báo cáo" beats "báo cáo" and "nghe cảnh báo lừa đảo"
  is "cảnh báo…" (warnings) before "báo lừa đảo" (report) can start.
- **Score** = the intent's weight × the share of words accounted for (particles count, pronouns
  and words that introduce a number count half, unknown words not at all), so "tôi không nhớ số
  điện thoại" is neither a *no* nor the digit 0. Below :data:`MIN_SCORE` → ``unknown``.

Sources:

[1] https://vietnamese.nil.seattle.wa.us/numbers (digit words, linh/lẻ; "không" is 0 and *no*)
[2] https://en.wikipedia.org/wiki/Vietnamese_numerals (mốt, tư, lăm after a tens word)
[3] http://waiyulw.com/20/169577.html ("hai mốt" = 21, "ba tư" = 34, "một trăm mốt" = 110)
[4] http://www.vietnam-culture.com/articles-86-6/Communicating-with-Vietnamese.aspx
[5] North/South word pairs ("vâng" / "dạ", "ừ", "ờ"):
  https://www.webtretho.vn/f/doc-bao-gium-ban/khac-biet-thu-vi-trong-ngon-ngu-2-mien-bac-nam-1899331
    Southern "hông"/"hổng": https://www.vjol.info/tu-vung-hong ; Central "răng", "chi", "mô":
    https://balocco.net/chi-mo-rang-rua-nghia-la-gi ; Nghệ Tĩnh "nỏ":
    https://diendan.hocluat.vn/viewtopic.php?t=11357
[6] https://github.com/NVIDIA/NeMo-text-processing (Vietnamese inverse text normalisation: the
    same number-word variants)
[7] https://github.com/alphacep/vosk-api/blob/v0.3.45/src/recognizer.cc (a grammar becomes a
    bigram model; words are looked up exactly, so in NFC)
[8] https://github.com/alphacep/vosk-api/issues/1339 and
    https://github.com/alphacep/vosk-android-demo/issues/62 (noise forced onto listed words;
    ``[unk]`` as the way out)
[9] "đâu" as an emphatic negator ("tôi có biết đâu", "đâu có"):
    https://en.wiktionary.org/wiki/%C4%91%C3%A2u
[10] "chẳng", "chả" (not), "khỏi" (no need to), "đừng" (don't):
    https://en.wiktionary.org/wiki/ch%E1%BA%B3ng ; https://en.wiktionary.org/wiki/ch%E1%BA%A3 ;
    https://en.wiktionary.org/wiki/kh%E1%BB%8Fi ; https://en.wiktionary.org/wiki/%C4%91%E1%BB%ABng
[11] Central "mô" = đâu ("có mô" = có đâu = no), Nghệ Tĩnh "nỏ" = không:
    https://nghengu.vn/tu-dien-tieng-nghe/cac-tu-tieng-nghe-an-1073.html ;
    https://balocco.net/chi-mo-rang-rua-nghia-la-gi
[12] "làm gì có" (there is no such thing), rhetorical negation in Vietnamese:
    https://en.wiktionary.org/wiki/l%C3%A0m_g%C3%AC
[14] Huế and Nghệ Tĩnh words (o = cô, khôn = không, mần = làm, nác = nước, cấy = cái):
    http://cuoocjsoongs1.blogspot.com/2013/05/ai-muon-hoc-tieng-hue-ne1.html ;
    https://nghengu.vn/tu-dien-tieng-nghe/cac-tu-tieng-nghe-an-1073.html
[13] Old and new tone-mark placement (hóa/hoá, thủy/thuỷ):
    https://vi.wikipedia.org/wiki/Quy_t%E1%BA%AFc_%C4%91%E1%BA%B7t_d%E1%BA%A5u_thanh_trong_ch%E1%BB%AF_qu%E1%BB%91c_ng%E1%BB%AF

The repeat/back/menu words, the hedges and the correction markers are our working list, to be
checked with callers from each region.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from typing import Iterable, Mapping, Sequence

MODES = ("yes_no", "digits", "menu")
_PRONOUNS = ("tôi", "tui", "mình", "tớ", "em", "cháu", "con", "bà", "ông", "mệ", "bác")
# Regional words with one standard meaning on a hotline (sources [5], [11], [14]): Nghệ Tĩnh and
# Huế "mần" (làm), "nác" (nước), "cấy" (cái), "chơ" (chứ), "đọ" (đấy), "o" (cô, a woman of
# one's parents' age), "hắn" (nó); Huế "khôn" (không, the final consonant
# dropped), Central "răng" (sao: "chớ răng" = "chứ sao"); Southern "trật" (sai), "xài" (dùng), "dìa" (về), "dzậy"/"zậy" (vậy), "zô"/"dô" (vô), "hổm" (hôm). Read as the
# standard word before anything else, so every rule written for the standard word applies.
REGIONAL = {"biểu": "bảo", "chộ": "thấy", "thiệt": "thật", "dợ": "vậy", "răng": "sao", "trật": "sai", "xài": "dùng", "mần": "làm", "nác": "nước", "cấy": "cái", "chơ": "chứ", "đọ": "đấy", "o": "cô",
            "hắn": "nó", "khôn": "không", "dìa": "về", "dzậy": "vậy",
            "zậy": "vậy", "zô": "vô", "dô": "vô", "hổm": "hôm"}
MIN_SCORE = 0.5  # below this share-weighted score the answer is "not understood"
WEAK = 0.7  # weight of a bare "ừ"/"ờ": a likely yes that a consequential question should confirm
STRIPPED = 0.8  # weight of a word matched only without its diacritics
# Words like "số", "điện thoại" and pronouns count half: they also fill sentences that are no
# answer at all ("tôi không nhớ số điện thoại" must not read as the digit 0).
INTRODUCER = 0.5
UNK = "[unk]"
LONGEST_NUMBER = 11  # digits: Vietnamese landlines with area code; mobiles have 10
BOUNDARY = ","  # a comma, full stop, "…" in a typed or Twilio transcript

# -- vocabulary (sources [1]–[13] in the module docstring) ----------------------------------------

YES = ("có", "có chứ", "có chớ", "có mà", "sao lại không", "sao lại hông", "sao lại hổng",
       "tại sao không", "răng lại không", "chứ sao", "chớ sao", "chứ sao không", "chớ sao hông",
       "chứ còn gì", "chớ còn gì", "chứ gì nữa", "chớ gì nữa", "có luôn", "có đấy", "có đó", "dạ có", "vâng",
       "dạ vâng", "vâng ạ", "phải", "phải rồi", "dạ phải", "phải đó", "phải á", "đúng",
       "đúng rồi", "đúng vậy", "đúng thế", "đúng đó", "đúng á", "dạ đúng", "chính xác", "chuẩn",
       "chuẩn rồi", "được", "được rồi", "được thôi", "thôi được", "thôi được rồi", "được chứ",
       "được đó", "dạ được", "đồng ý", "nhất trí", "rồi ạ", "dạ rồi", "chắc chắn",
       "chắc chắn rồi", "chắc rồi", "học tiếp", "nghe tiếp", "làm tiếp", "tiếp tục", "nên", "nên chứ", "nên chớ", "nên lắm", "đương nhiên", "tất nhiên", "muốn", "có muốn", "cần",
       "ok", "ô kê", "oke", "okê", "okay", "ok luôn")
WEAK_YES = ("ừ", "ờ", "ừa", "ầy", "ậy")
# "rồi" answers "đã … chưa?" alone, but after another answer it is a particle ("sai số rồi").
PARTICLE_YES = ("rồi",)
NO = ("sai", "sai rồi", "sai lất", "sai bét", "sai hết", "thôi", "thôi khỏi", "thôi đừng",
      # "not now": at the resume offer and other yes/no questions, a postponement is a no
      "để hôm khác", "hôm khác", "bữa khác", "để bữa khác", "để sau", "để lúc khác", "lúc khác",
      "để lần sau", "lần sau", "khi khác", "để khi khác", "để mai", "mai đi",
      "để mai tính", "để bữa sau", "không đâu", "nỏ mô", "không phải mô",
      "có đâu", "có mô", "có gì đâu", "không có gì", "chắc chắn không", "chắc chắn là không",
      "có biết đâu", "có biết mô")
# Negators: before a yes word or a keyword they negate it; alone they are a *no* (yes/no).
NEGATORS = ("không", "chưa", "chẳng", "chả", "nỏ", "hổng", "hông", "đừng", "khỏi", "đâu", "mô",
            "đâu có", "mô có", "nỏ có", "chả có", "chẳng có", "hổng có", "hông có", "không có",
            "chưa có", "không phải", "chẳng phải", "chả phải", "đâu phải", "nỏ phải",
            "hông phải", "hổng phải", "không hề", "chưa hề", "chẳng hề", "không cần",
            "chưa cần", "khỏi cần", "không muốn", "chưa muốn", "hổng muốn", "đừng có",
            "làm gì có", "làm chi có", "mô phải", "không bao giờ", "chưa bao giờ",
            "chẳng bao giờ", "chả bao giờ", "nỏ bao giờ", "hổng bao giờ",
            # "no way I would": "dại gì mà đọc mã", "đời nào tôi trả"
            "dại gì", "dại chi", "đời nào", "không đời nào", "còn lâu",
            # "who would be so foolish", "why would I": "ai mà khùng đi đọc mã", "sao lại đọc mã"
            "ai mà", "ai lại", "ai dại", "sao lại", "tại sao lại", "dại gì mà", "sao mà",
            # "almost": "suýt nữa thì đọc mã" — it did not happen
            "suýt", "suýt nữa", "suýt nữa thì", "suýt thì", "xém", "xém chút", "xém nữa",
            "tí nữa thì", "chút nữa thì", "mém", "mém chút", "mém chút nữa", "xém chút nữa")
# Negators that deny the whole rest of their clause ("đời nào tôi trả tiền cho bọn ấy"): the
# words after them are what the caller refuses, so they count as understood.
EMPHATIC = frozenset({"sao mà", "dại gì", "dại chi", "dại gì mà", "đời nào", "không đời nào", "còn lâu",
                      "làm gì có", "làm chi có", "ai mà", "ai lại", "ai dại", "sao lại",
                      "tại sao lại"})
# "Not" in each region: a keyword "không hiểu" is also said "hông hiểu", "hổng hiểu", "nỏ hiểu".
PLAIN_NOT = ("không", "hông", "hổng", "nỏ", "chẳng", "chả")
# Negators that only negate something: "làm gì có" (no such thing) — alone "làm gì" is a question.
# "tránh", "né" (avoid): "tránh bị lừa" is never "bị lừa" (report a scam).
BOUND_NEGATORS = ("làm gì", "làm chi", "tránh", "né")
# After a yes word or keyword: "có gửi đâu", "có mô", "gửi làm chi".
TAILS = ("đâu", "mô", "làm gì", "làm chi", "đâu mà", "đâu nà", "gì đâu", "chi đâu", "gì mô",
         "chi mô")
# "let me ask first": "để tui hỏi con Út cái đã"
ASK_FIRST = (*(f"để {who} {verb}" for who in _PRONOUNS
                for verb in ("hỏi", "nghĩ", "xem", "coi", "tính", "suy nghĩ", "hỏi lại")),
             "để hỏi", "hỏi lại đã", "hỏi con đã", "để suy nghĩ", "để tính")
HEDGES = (*ASK_FIRST, "có lẽ", "có khi", "có thể", "có lẽ vậy", "chắc vậy", "chắc thế", "chắc là", "chắc",
          "chắc có", "chắc không", "hình như", "để xem", "để coi", "để nghĩ", "để tôi xem",
          "để tui coi", "để tôi coi", "để em xem", "để cháu xem", "để bác xem", "để con xem",
          "để tôi nghĩ", "không chắc", "chưa chắc", "hổng chắc", "biết đâu", "tôi nghĩ là",
          "maybe", "chưa nghĩ", "chưa biết nữa", "cũng không rõ", "không rõ nữa",
          "cũng không biết", "cũng chưa rõ")
DONT_KNOW = ("ai mà biết", "ai biết", "có ai biết", "sao mà biết", "sao mà biết được", "làm sao biết", "làm sao biết được",
             "biết sao được", "ai biết được", "sao biết được",
             # "how would I know": "mần răng tui biết được"
             *(f"{how} {who} biết{end}" for how in ("làm sao", "sao") for who in _PRONOUNS
               for end in ("", " được")),"không biết", "chưa biết", "hông biết", "hổng biết", "nỏ biết", "chẳng biết",
             "chả biết", "không nhớ", "hông nhớ", "hổng nhớ", "nỏ nhớ", "chẳng nhớ", "quên rồi",
             "quên mất", "chả nhớ", "cũng không nhớ", "không nhớ rõ", "nhớ không rõ",
             "chẳng rõ", "chả rõ", "không có số", "không thấy số", "không hiện số", "số ẩn", "chịu",
             # "không rõ" alone is "I did not hear you"; with what is unclear it is "not sure"
             "không rõ là", "không rõ ai", "không rõ lắm", "chưa rõ là", "chưa rõ ai",
             "hổng rõ là", "hông rõ là", "nỏ rõ là", "không rõ là ai", "không rõ người nào",
             # with its subject it is "I am not sure" ("mệ không rõ"), not "say it again"
             *(f"{who} {not_} rõ" for who in ("tôi", "tui", "mệ", "bác", "cháu", "con", "em",
                                                "mình", "ông", "bà", "tôi cũng", "tui cũng")
               for not_ in ("không", "hổng", "hông", "nỏ", "chưa")))
# Strong self-correction markers: everything before them is dropped.
# "I misspoke earlier": the reason for an answer ("nói lại từ đầu, hồi nãy nói lộn"), not a
# correction of it.
MISSPOKE = tuple(f"{when} {said} {slip}" for when in ("hồi nãy", "lúc nãy", "vừa nãy", "ban nãy",
                                                      "khi nãy")
                 for said in ("nói", "kể") for slip in ("lộn", "nhầm", "sai"))
CORRECTIONS = ("nhầm", "nhầm rồi", "à nhầm", "à nhầm rồi", "lộn", "lộn rồi", "à lộn", "à lộn rồi",
               "à mà", "ý tôi là",
               "ý là", "ý cháu là", "ý tui là", "ý em là", "xin lỗi", "sửa lại", "à quên")
# Correction words that, said last after a no, say "what you read is wrong" ("hổng phải, số đó
# lộn rồi"), not "I misspoke" ("à lộn", "à nhầm"): they agree with the no.
WRONG_NOW = frozenset({"nhầm rồi", "lộn rồi"})
SPLIT = ("à", "nhưng", "nhưng mà")  # yes/no and menu: "không à có" → the later answer
# "but", "luckily": a contrast, not a correction ("suýt đọc mã, may mà chưa"). At a yes/no-shaped
# menu that asks whether any harm was done, a "yes" to one part beside a "no" to another is the
# yes ("có cài ứng dụng, nhưng chưa chuyển tiền": something was done).
CONTRAST = ("nhưng", "nhưng mà", "may mà", "may là", "cũng may", "mà")
# "so": what follows is the caller's conclusion ("con tui dặn rồi, cho nên không"); a bare "nên"
# is one too after a pause ("…, nên tôi bảo không") but alone it is "should" (a yes).
CONCLUSIONS = ("cho nên", "vậy nên", "vì vậy", "thành ra", "thế thì", "vậy thì", "rứa thì",
               "dzậy thì", "vầy thì")
# "because": after an answer, the reason the caller gives is not another answer ("không nên, vì
# người lạ gửi thì làm sao mà tin được"). Before any answer it is only a start.
REASONS = ("vì", "tại vì", "bởi vì", "vì là", "là vì", "tại", "do")
# "or": "số ba hay số bốn" names two options, so neither.
ALTERNATIVES = frozenset({"hay", "hoặc", "hay là", "hoặc là"})
WAIT = ("đợi", "đợi chút", "đợi đã", "chờ", "chờ chút", "chờ đã", "khoan", "khoan đã",
        "từ từ", "đợi tí", "chờ tí",
        # still doing the step: "chừ tui đang tìm", "đang bấm đây"
        "đang tìm", "đang kiếm", "đang làm", "đang bấm", "đang mở", "đang coi", "đang xem",
        "đang cài", "đang mần")

CONTROLS = {
    "repeat": ("gì vậy", "cái gì vậy", "hả gì", "nhắc lại", "nói lại", "lặp lại", "nghe lại", "đọc lại", "gì cơ", "cái gì", "gì",
               "cái gì cơ", "nói nhanh quá", "nhanh quá", "chưa nghe kịp", "nghe không kịp",
               "không nghe kịp", "nghe chưa kịp", "không kịp nghe", "chưa kịp nghe",
               "hả", "sao", "sao cơ", "răng", "chi", "răng rứa", "chi rứa", "không nghe rõ",
               "nghe không rõ", "không rõ", "không nghe thấy", "chưa nghe rõ", "nghe chưa rõ",
               "chưa nghe thấy", "hông nghe rõ", "nỏ nghe rõ"),
    "back": ("quay lại", "trở lại", "lùi lại", "quay về", "trở về", "câu trước", "trở ra",
             "quay lại câu trước", "về câu trước", "nghe câu trước",
             # "another lesson": back to the list it came from
             "bài khác", "chọn bài khác", "học bài khác", "qua bài khác", "sang bài khác"),
    "main_menu": ("về menu chính", "menu chính", "mục chính", "về mục chính", "ra mục chính",
                  "ra ngoài mục chính", "về chỗ mục chính", "quay về menu chính",
                  "quay về mục chính", "trở về menu chính", "trở về mục chính"),
    "volunteer": ("gặp người", "gặp người thật", "gặp tình nguyện viên", "tình nguyện viên",
                  "hỗ trợ", "cần hỗ trợ", "gặp nhân viên", "nói chuyện với người",
                  "người thật", "gặp người thật", "cho gặp người", "tổng đài viên",
                  "gặp tổng đài viên", "nhờ người giúp", "gặp ai đó", "nói chuyện trực tiếp",
                  "người nói chuyện trực tiếp", "ra nói chuyện",
                  *(f"nói chuyện với {who}" for who in _PRONOUNS)),
    # A home visit (issue 12, item 7): someone from the commune comes and shows the caller.
    "visit": ("đến nhà", "tới nhà", "đến tận nhà", "tới tận nhà", "hướng dẫn tại nhà",
              "chỉ tại nhà", "người đến nhà", "người tới nhà", "xuống nhà chỉ", "qua nhà chỉ",
              "đến nhà chỉ", "tới nhà chỉ", "đến nhà hướng dẫn", "tới nhà hướng dẫn"),
}
ACK = ("dạ",)  # alone: "I'm listening" (source [4]); with an answer: a particle
FILLERS = ("ạ", "à", "ừm", "ưm", "ờm", "ơ", "há", "a lô", "alô", "alo", "thưa", "nha", "nhé", "nhá",
           "nghen", "ha", "hen", "hén", "nè", "đi", "hỉ", "hè", "nghe", "nghe nè", "ơi")
# Who said what: the caller tells what happened around the answer ("tụi nó đòi mã otp").
NARRATIVE = ("người ta", "họ", "tụi nó", "bọn nó", "nó", "bảo", "kêu", "đòi", "bắt", "nhắn",
             "gọi", "gọi tới", "gọi đến", "xưng", "xưng là", "tự xưng", "giả", "giả làm", "nói là")
# Sentence-final particles after a spoken key: "số một đó" is still key 1.
FINAL_PARTICLES = frozenset({"đó", "đấy", "nớ", "á", "nha", "nhé", "nghen", "nè", "luôn", "ạ",
                             "đi", "hen", "há", "ha"})
# Question words that ask to hear the menu again only when nothing else is said: inside an
# answer they are part of it ("có tin gì mới không", "quét mã cái chi đó").
REPEAT_QUESTIONS = frozenset({("gì",), ("cái", "gì"), ("hả",), ("sao",), ("răng",), ("chi",),
                              ("gì", "cơ"), ("sao", "cơ"), ("cái", "gì", "cơ"), ("sao", "rứa"),
                              ("răng", "rứa"), ("chi", "rứa"), ("gì", "vậy"), ("cái", "gì", "vậy")})
# Pronouns and particles that fill a regional sentence ("tui muốn nghe cái đó giùm"): half weight.
SOFT_FILLERS = ("tôi", "tui", "tớ", "mình", "em", "cháu", "con", "bác", "ông", "bà", "cô", "chú",
                "anh", "chị", "muốn", "cho", "thì", "mà", "đó", "đấy", "đây", "chớ", "chứ",
                "giùm", "dùm", "giúp", "với", "nữa", "luôn", "vậy", "thế", "rứa", "ri", "này",
                "nớ", "cái", "cái đó", "cái này", "có", "được", "xin", "cần", "vô", "vào",
                "coi", "xem", "nghe", "ấy", "nói", "là", "gì hết", "chi hết", "gì cả", "chi cả",
                "hết", "cả", "cảm ơn", "cám ơn", "cảm ơn nhiều", "được không", "được hông",
                "được chứ hả", "răng không", "sao không", "sao hông", "sao hổng", "hỏi", "cho hỏi", "lừa đảo", "cuộc gọi",
                "một cái",
                # "something": "cái gì đó" is no question ("cái gì đó… hổng biết nữa")
                # thinking aloud, not "say it again": "răng hè… cấy chi đây", "gì đây ta"
                "sao hè", "răng hè", "chi đây", "gì đây", "cái chi đây", "cái gì đây", "gì đây ta",
                "lộn xộn", "mô đó", "người mô đó", "ai đó", "báo nhầm", "báo lộn", "gửi nhầm",
                "hộ", "hộ tôi", "hộ cái", "giùm cái", "dùm cái", "cái gì đó", "gì đó", "cái chi đó", "chi đó", "cái chi nớ", "gì gì đó",
                # "how": a question about the option that follows, never "say it again"
                "làm sao", "làm răng", "làm thế nào", "làm cách nào", "cách nào", "thế nào",
                "như thế nào", "ra sao", "sao để", "răng để", "chi để", "muốn biết", "cách",
                "chỉ", "chỉ cho", "chỉ cách", "hết trơn", "trơn",
                # polarity words that only strengthen a negation ("chả chuyển đồng nào")
                "đồng nào", "xu nào", "chút nào", "tí nào", "nào",
                # who said what, around the answer ("người ta bảo con tôi cấp cứu")
                *NARRATIVE,
                # when ("cái bước vừa rồi": not the yes "rồi") and what about
                "vừa rồi", "vừa nãy", "lúc nãy", "hồi nãy", "ban nãy", "nãy", "bây giờ", "giờ",
                "chừ", "hôm nay", "bữa nay", "bước", "ứng dụng", "app", "cài", "tải",
                "điện thoại", "máy", "học", "cho chắc", "cho chắc ăn", "mấy triệu", "triệu",
                "nghìn", "ngàn", "mấy", "ổng", "bả", "ảnh", "mệ", "eng")
# "The last one" at a menu of three options or more: its highest key ("cấy cuối cùng á").
LAST_ONE = ("cái cuối", "cái cuối cùng", "cấy cuối", "cấy cuối cùng", "cái chót", "cái sau chót",
            "cái sau cùng", "mục cuối", "mục cuối cùng", "số cuối")

# Words that introduce a number or a key: "số là …", "bấm phím một", "cái thứ hai".
NUMBER_FILLERS = ("số", "là", "thì", "phím", "bấm", "bấm phím", "chọn", "số điện thoại", "thứ",
                  "cái thứ", "cái số", "mục", "mục số", "nút", "bấm nút")
# Digits only: words around a number read aloud ("số nó là …", "rồi … tiếp theo …", "đầu …
# đuôi …"). Every other word in a digits answer makes it not understood (it may hold digits).
DIGIT_FILLERS = ("nó", "họ", "của", "số nó", "số của", "rồi", "tiếp", "tiếp theo", "đuôi",
                 "số đuôi", "đầu", "đầu số", "đã", "mã", "mã số", "mã báo cáo", "số báo cáo",
                 "ghi", "ghi đây", "đây", "đây nè", "tui ghi", "tôi ghi", "mã số báo cáo",
                 "báo cáo", "tê", "ni", "nớ", "bằng", "gọi bằng", "gọi từ", "từ số", "gọi")

# Digit words and what they are inside a number ([1], [2], [3], [6] in the module docstring).
DIGITS = {"không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5,
          "lăm": 5, "nhăm": 5, "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9,
          "dê rô": 0, "giê rô": 0, "zê rô": 0, "zero": 0}
# Unit forms that only follow a tens word: "hai mốt" = 21, "ba tư" = 34, "hai lăm" = 25.
AFTER_TENS = frozenset({"mốt", "tư", "lăm", "nhăm"})
NUMBER_WORDS = {"mười": "ten", "mươi": "tens", "chục": "tens", "hăm": "twenty", "băm": "thirty",
                "trăm": "hundred",
                "linh": "zero_fill", "lẻ": "zero_fill"}


@dataclass(frozen=True)
class Intent:
    """The meaning of one answer. ``score`` is 0–1; ``value`` per mode (module docstring).

    ``negated``, ``negation`` and ``guess`` are only set on some ``unknown`` intents (module
    docstring); equality with an intent built from the first three fields holds otherwise.
    """

    name: str
    value: str | None = None
    score: float = 0.0
    negated: str | None = None
    negation: str | None = None
    guess: Intent | None = field(default=None, compare=True)

    @property
    def understood(self) -> bool:
        return self.name != "unknown"

    @property
    def not_yet(self) -> bool:
        """True for "chưa", "chưa xong", "đợi chút": not yet (stay on the step), never next."""
        return self.name == "unknown" and self.value == "not_yet"

    def as_dict(self) -> dict:
        """``{"name", "value", "score"}`` plus ``negated``/``negation``/``guess`` when set."""
        out = {"name": self.name, "value": self.value, "score": self.score}
        if self.negated is not None:
            out["negated"] = self.negated
        if self.negation is not None:
            out["negation"] = self.negation
        if self.guess is not None:
            out["guess"] = self.guess.as_dict()
        return out


# -- text ------------------------------------------------------------------------------------------

_TOKEN = re.compile(r"\[unk\]|[^\W_]+")
_TOKEN_OR_BOUNDARY = re.compile(r"\[unk\]|[^\W_]+|[,.;:!?…]+")
_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below (NFD)
# An open syllable ending in oa/oe/uy with the tone on its last vowel (the "new" placement),
# not after "q" ("quý" is written so in both styles). NFD: the vowel, then its combining marks.
_NEW_STYLE = re.compile(rf"(?<![qQ])([oO])([aAeE])([{_TONES}])$|(?<![qQ])([uU])([yY])([{_TONES}])$")


def tokens(text: str) -> list[str]:
    """Split ``text`` into lowercase NFC words: ``"Dạ, KHÔNG-ạ!"`` → ``["dạ", "không", "ạ"]``.

    Punctuation and hyphens separate words ("dê-rô" → "dê", "rô"); ``[unk]`` is kept as one word.
    NFC because Vosk looks words up in exactly that form (source [7] of the module docstring; an
    NFD word is not found: tests/speech_recognition/test_grammar.py::
    test_nfd_words_are_found_after_normalisation). Tone placement is left as written: the
    grammar must use the model's own spelling (:func:`canonical` is for matching only).
    """
    normal = unicodedata.normalize("NFC", text or "").lower()
    return _TOKEN.findall(normal)


def canonical(word: str) -> str:
    """One spelling for both tone-mark placements (source [13]): the tone on the first vowel of
    an open "oa", "oe", "uy": ``"hoá"`` → ``"hóa"``, ``"khoẻ"`` → ``"khỏe"``, ``"uỷ"`` →
    ``"ủy"``, ``"thuý"`` → ``"thúy"``; ``"quý"``, ``"hoàn"``, ``"thuyền"`` unchanged. NFC in, NFC
    out."""
    decomposed = unicodedata.normalize("NFD", word)
    moved = _NEW_STYLE.sub(lambda m: (m[1] + m[3] + m[2]) if m[1] else (m[4] + m[6] + m[5]),
                           decomposed)
    return unicodedata.normalize("NFC", moved)


def _words(text: str) -> list[str]:
    """Lowercase NFC words in :func:`canonical` spelling, with :data:`BOUNDARY` for punctuation;
    regional words that only ever stand for one standard word are read as it
    (:data:`REGIONAL`: "mần" → "làm", "nác" → "nước")."""
    normal = unicodedata.normalize("NFC", text or "").lower()
    out: list[str] = []
    for token in _TOKEN_OR_BOUNDARY.findall(normal):
        if token[0] in ",.;:!?…":
            if out and out[-1] != BOUNDARY:
                out.append(BOUNDARY)
        else:
            word = canonical(token)
            out.append(REGIONAL.get(word, word))
    return out


def strip_tones(word: str) -> str:
    """Remove every diacritic and map đ → d: ``"không"`` → ``"khong"``, ``"đúng"`` → ``"dung"``."""
    decomposed = unicodedata.normalize("NFD", word.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _bare(word: str) -> bool:
    return strip_tones(word) == word


# -- phrase tables ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Entry:
    """What a phrase means. ``kind``: ``intent`` (``name``/``value``), ``weak`` (weak yes),
    ``ack``, ``filler``, ``digit``, ``number`` (a number-building word), ``neg`` (a negator;
    ``name`` ``"no"`` when it is a *no* alone), ``tail`` (a sentence-final negator), ``hedge``
    (``value`` ``hedge``/``dont_know``), ``fix`` (a strong self-correction), ``fix_maybe``
    (digits' "à không"), ``split`` (a bare "à"), ``wait`` (not yet)."""

    kind: str
    name: str | None = None
    value: str | None = None
    weight: float = 1.0

    @property
    def soft(self) -> bool:
        return self.kind in ("filler", "ack")

    def same_meaning(self, other: _Entry) -> bool:
        """Two negators or hedges differ only in the word they record ("hông"/"hổng")."""
        if (self.kind, self.name) != (other.kind, other.name):
            return False
        return self.kind in ("neg", "tail", "fix") or self.value == other.value


_NEVER_SLIPPED = frozenset({"mà", "nhưng", "à", "nên"})  # "chưa mà đọc" is not "chưa đọc"


class _Table:
    """Phrases (as word tuples) → :class:`_Entry`, looked up exactly and tone-stripped."""

    def __init__(self) -> None:
        self.exact: dict[tuple[str, ...], _Entry] = {}
        self.stripped: dict[tuple[str, ...], _Entry | None] = {}
        self.polar_doubt: set[tuple[str, ...]] = set()  # stripped words: a negator or a filler
        self.longest = 1  # words in the longest phrase
        # Menus shaped like a yes/no question ("đã chuyển tiền chưa?": "rồi" / "chưa"): the
        # option a bare "no" means, and the options a yes word chooses (:func:`_menu_table`).
        self.no_option: str | None = None
        self.yes_options: frozenset[str] = frozenset()

    def add(self, phrases: Iterable[str], entry: _Entry) -> None:
        for phrase in phrases:
            words = tuple(w for w in _words(phrase) if w != BOUNDARY)
            if not words:
                continue
            self.exact[words] = entry
            self.longest = max(self.longest, len(words))
            key = tuple(strip_tones(w) for w in words)
            if key not in self.stripped:
                self.stripped[key] = entry
                continue
            old = self.stripped[key]
            polar = {"neg", "tail"}  # "no" is "nỏ" (not) or "nó" (it): never guess a negation
            if old is not None and ((entry.soft and old.kind in polar)
                                    or (old.soft and entry.kind in polar)):
                self.stripped[key] = None
                self.polar_doubt.add(key)
                continue
            if old is None or old.same_meaning(entry) or entry.soft:
                continue  # already ambiguous, the same meaning, or a filler under a real word
            self.stripped[key] = entry if old.soft else None  # two meanings: never guess

    def vocabulary(self) -> frozenset[str]:
        """Every word of every phrase in the table."""
        if getattr(self, "_vocabulary", None) is None:
            self._vocabulary = frozenset(w for phrase in self.exact for w in phrase)
        return self._vocabulary

    def gapped(self, words: Sequence[str], start: int) -> tuple[int, _Entry] | None:
        """The longest option phrase of two words or more at ``words[start:]`` with one word
        slipped in, a word the table does not know or a filler ("nghe lại bản ghi" = "nghe
        bản ghi", "rút lại cấy báo cáo" = "rút lại báo cáo"): ``(length, entry)`` or ``None``.
        Never across a negator, a control phrase, a correction or a boundary, and never ending
        on the first word of an answer phrase said after it ("người bên nhà mạng")."""
        best: tuple[int, _Entry] | None = None
        for phrase, entry in self.exact.items():
            if (len(phrase) < 2 or entry.kind != "intent" or entry.name != "option"
                    or phrase[0] != words[start]):
                continue
            i, skipped = start + 1, False
            for word in phrase[1:]:
                if i < len(words) and words[i] == word:
                    i += 1
                    continue
                if skipped or i + 1 >= len(words) or words[i + 1] != word:
                    break
                inserted = self._match(words, i, 1)
                if words[i] == BOUNDARY or words[i] in _NEVER_SLIPPED or (inserted is not None and not _slips_in(inserted[1],
                                                                                   words[i])):
                    break
                skipped, i = True, i + 2
            else:
                # "người bên nhà mạng": the last word starts another option's phrase ("nhà
                # mạng") that the gap would break; that phrase is what was said.
                after = self._match(words, i - 1, self.longest)
                if after is not None and after[0] >= 2 and after[1].kind == "intent":
                    continue
                if skipped and (best is None or i - start > best[0]):
                    best = (i - start, entry)
        return best

    def match(self, words: Sequence[str], start: int,
              limit: int | None = None) -> tuple[int, _Entry, bool] | None:
        """Longest phrase at ``words[start:]`` (at most ``limit`` words): ``(length, entry,
        exact)`` or ``None``. A filler phrase gives way to an answer that starts inside it
        ("cái số lạ": "cái" + the keyword "số lạ", not the filler "cái số" + "lạ"), a control
        to an option ("gặp người giúp": "gặp" + the option "người giúp"); a phrase
        gives way to a longer option phrase with one word slipped in (:meth:`gapped`), so a
        control inside an option ("nghe lại" in "nghe lại bản ghi") never beats the option."""
        found = self._match(words, start, limit or self.longest)
        if limit is None:
            loose = self.gapped(words, start)
            if loose is not None and (found is None or loose[0] > found[0]):
                return loose[0], loose[1], True
        if found is None or found[0] == 1 or not (found[1].soft or found[1].kind == "intent"
                                                   and found[1].name != "option"):
            return found
        for inner in range(start + 1, start + found[0]):
            answer = self._match(words, inner, self.longest)
            if (answer is not None and not answer[1].soft and inner + answer[0] > start + found[0]
                    and (found[1].soft or answer[1].name == "option")):
                return self.match(words, start, inner - start)
        return found

    def _match(self, words: Sequence[str], start: int,
               limit: int) -> tuple[int, _Entry, bool] | None:
        for length in range(min(self.longest, limit, len(words) - start), 0, -1):
            window = tuple(words[start:start + length])
            if BOUNDARY in window:
                continue
            if window in self.exact:
                return length, self.exact[window], True
            if all(_bare(w) for w in window) and not any((w,) in self.polar_doubt
                                                         for w in window):
                # ("no co": "nỏ có" or "nó có"? a word that is ambiguous alone stays so)
                entry = self.stripped.get(tuple(strip_tones(w) for w in window))
                if entry is not None:
                    return length, entry, False
        return None


def _slips_in(entry: _Entry, word: str) -> bool:
    """A word that may stand inside an option phrase without changing it: a filler, a spoken
    number used as an article ("báo một cuộc gọi"), a question word ("tin gì mới")."""
    return entry.soft or entry.kind == "key" or (entry.name == "repeat"
                                                  and (word,) in REPEAT_QUESTIONS)


def _common_table(table: _Table) -> None:
    """Fillers, "dạ" and the controls every mode understands."""
    table.add(SOFT_FILLERS, _Entry("filler", weight=INTRODUCER))
    table.add(FILLERS, _Entry("filler"))
    table.add(ACK, _Entry("ack"))
    for name, phrases in CONTROLS.items():
        table.add(_regional_not(phrases), _Entry("intent", name))
    table.add(DONT_KNOW, _Entry("hedge", value="dont_know"))


def _regional_not(phrases: Sequence[str]) -> list[str]:
    """``phrases`` and, for each with "không", the same said with every region's "not"
    ("nghe không kịp" → "nghe hổng kịp", "nghe nỏ kịp")."""
    out = list(phrases)
    for phrase in phrases:
        words = _words(phrase)
        if "không" in words:
            out += [" ".join(n if w == "không" else w for w in words) for n in PLAIN_NOT[1:]]
    return _unique(out)


def _negation_table(table: _Table, standalone: str | None) -> None:
    """Negators, tails, hedges and corrections of yes/no and menu questions."""
    for phrase in NEGATORS:
        table.add([phrase], _Entry("neg", standalone, phrase))
    for phrase in BOUND_NEGATORS:
        table.add([phrase], _Entry("neg", None, phrase))
    for phrase in TAILS:
        alone = None if phrase.startswith("làm") else standalone  # "làm gì" alone is a question
        table.add([phrase], _Entry("tail", alone, phrase))
    table.add(HEDGES, _Entry("hedge", value="hedge"))
    table.add(DONT_KNOW, _Entry("hedge", value="dont_know"))
    table.add(CORRECTIONS, _Entry("fix"))
    table.add(MISSPOKE, _Entry("filler"))
    table.add(SPLIT + CONCLUSIONS + CONTRAST[2:5], _Entry("split"))


def _yes_no_table() -> _Table:
    table = _Table()
    _common_table(table)
    _negation_table(table, "no")
    table.add(WEAK_YES, _Entry("weak", "yes", weight=WEAK))
    table.add(PARTICLE_YES, _Entry("weak", "yes"))
    table.add(YES, _Entry("intent", "yes"))
    table.add(NO, _Entry("intent", "no"))
    return table


def _digits_table() -> _Table:
    table = _Table()
    _common_table(table)
    table.add(["mô"], _Entry("filler"))
    table.add(WEAK_YES, _Entry("filler"))  # "ờ" is hesitation here, never an answer
    table.add(NUMBER_FILLERS + DIGIT_FILLERS, _Entry("filler", weight=INTRODUCER))
    table.add(HEDGES, _Entry("filler", weight=INTRODUCER))  # the number is read back anyway
    for word, digit in DIGITS.items():
        table.add([word], _Entry("digit", value=str(digit)))
    for word, role in NUMBER_WORDS.items():
        table.add([word], _Entry("number", role))
    # Typed "muoi" is mười or mươi; as "tens" it reads right either way ("muoi hai", "hai muoi").
    table.stripped[("muoi",)] = _Entry("number", "tens")
    table.add(DONT_KNOW + ("không có", "chưa có", "hổng có", "không thấy", "không hiện"),
              _Entry("hedge", value="dont_know"))
    table.add(CORRECTIONS + ("không phải", "à không phải"), _Entry("fix"))
    table.add(["à không", "à hông", "à hổng", "à nỏ"], _Entry("fix_maybe"))
    return table


def _menu_table(keywords: Mapping[str, Sequence[str]]) -> _Table:
    """Controls and negators, then spoken keys ("một", "phím hai", "cái thứ hai") for the menu's
    own keys, then the keywords, which win over all of them (the flow's author chose them)."""
    table = _Table()
    _common_table(table)
    table.add(WEAK_YES, _Entry("filler"))
    table.add(NUMBER_FILLERS, _Entry("filler", weight=INTRODUCER))
    _negation_table(table, None)
    table.add(WAIT, _Entry("wait", value="not_yet"))
    for word, digit in DIGITS.items():
        if digit and str(digit) in keywords and word not in AFTER_TENS:
            table.add([word], _Entry("key", "option", str(digit)))
    if "1" in keywords:
        table.add(["thứ nhất", "cái đầu", "cái đầu tiên", "đầu tiên"],
                  _Entry("intent", "option", "1"))
    if "4" in keywords:
        table.add(["thứ tư", "cái thứ tư", "số tư", "phím tư"], _Entry("intent", "option", "4"))
    numbered = sorted((k for k in keywords if k.isdigit() and k != "0"), key=int)
    if len(numbered) >= 3:  # "cái cuối cùng": the last option read out (keys 1…N, said in order)
        table.add(LAST_ONE, _Entry("intent", "option", numbered[-1]))
    own = {tuple(_words(p)) for phrases in keywords.values() for p in phrases}
    for key, phrases in keywords.items():  # regional "not": "không hiểu" → "hổng hiểu"
        for phrase in phrases:
            words = _words(phrase)
            if len(words) > 1 and words[0] in PLAIN_NOT:
                variants = [" ".join([n, *words[1:]]) for n in PLAIN_NOT]
                table.add([v for v in variants if tuple(_words(v)) not in own],
                          _Entry("intent", "option", str(key)))
    for key, phrases in keywords.items():
        table.add(phrases, _Entry("intent", "option", str(key)))
    _menu_shape(table, keywords)
    return table


def _menu_shape(table: _Table, keywords: Mapping[str, Sequence[str]]) -> None:
    """Mark a yes/no-shaped menu (one option is a bare "chưa"/"không", another a yes word such
    as "rồi" or "có") and the head words of options: the first word of an option's phrases that
    no other option uses and no table entry has ("rút" of "rút lại"), which a negator before it
    negates ("nỏ rút": never that option)."""
    bare_no = set(PLAIN_NOT) | {"chưa"}
    yes_words = set(YES) | set(PARTICLE_YES)
    said = {str(k): [tuple(_words(p)) for p in phrases] for k, phrases in keywords.items()}
    no_keys = [k for k, phrases in said.items() if any(len(p) == 1 and p[0] in bare_no
                                                         for p in phrases)]
    yes_keys = frozenset(k for k, phrases in said.items()
                         if any(" ".join(p) in yes_words for p in phrases))
    if len(no_keys) == 1 and yes_keys and no_keys[0] not in yes_keys:
        table.no_option, table.yes_options = no_keys[0], yes_keys
    heads: dict[str, set[str]] = {}
    for key, phrases in said.items():
        for phrase in phrases:
            if len(phrase) > 1:
                heads.setdefault(phrase[0], set()).add(key)
    for word, keys in heads.items():
        others = {w for k, phrases in said.items() if k not in keys for p in phrases for w in p}
        if len(keys) == 1 and word not in others and (word,) not in table.exact:
            table.add([word], _Entry("head", "option", keys.pop()))


_STATIC_TABLES: dict[str, _Table] = {}


def _table(mode: str, keywords: Mapping[str, Sequence[str]] | None) -> _Table:
    if mode == "menu":
        return _menu_table(keywords or {})
    if mode not in _STATIC_TABLES:
        _STATIC_TABLES[mode] = _yes_no_table() if mode == "yes_no" else _digits_table()
    return _STATIC_TABLES[mode]


# -- parsing ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Piece:
    entry: _Entry | None  # None: a word no table knows
    words: tuple[str, ...]
    exact: bool = True

    @property
    def kind(self) -> str | None:
        return self.entry.kind if self.entry else None

    @property
    def coverage(self) -> float:
        """How much of the answer this piece accounts for, in words."""
        if self.entry is None:
            return 0.0
        weight = self.entry.weight if self.entry.kind == "filler" else 1.0
        return len(self.words) * weight * (1.0 if self.exact else STRIPPED)


_BOUNDARY_PIECE = _Piece(_Entry("boundary"), ())


def _segment(words: Sequence[str], table: _Table) -> list[_Piece]:
    """Cut ``words`` into the longest known phrases, left to right; unknown words stand alone.

    Numerals typed in the CLI ("0912") become digit pieces, one per digit; a :data:`BOUNDARY`
    becomes a boundary piece (no words).
    """
    pieces, i = [], 0
    while i < len(words):
        if words[i] == BOUNDARY:
            pieces.append(_BOUNDARY_PIECE)
            i += 1
            continue
        if words[i].isdecimal() and words[i].isascii():
            pieces.extend(_Piece(_Entry("digit", value=c), (c,)) for c in words[i])
            i += 1
            continue
        found = table.match(words, i)
        if found is None:
            pieces.append(_Piece(None, (words[i],)))
            i += 1
            continue
        length, entry, exact = found
        pieces.append(_Piece(entry, tuple(words[i:i + length]), exact))
        i += length
    return pieces


def _echoed_refusals(words: Sequence[str]) -> list[str]:
    """"đọc chi mà đọc", "gửi gì mà gửi" (why would I read / send: a refusal that echoes its
    verb around "gì/chi mà", source [12]) read as "không đọc", "không gửi"."""
    out, i = [], 0
    while i < len(words):
        if (i + 3 < len(words) and words[i] == words[i + 3] and words[i] != BOUNDARY
                and words[i + 1] in ("gì", "chi") and words[i + 2] == "mà"):
            out.extend(["không", words[i]])
            i += 4
            continue
        out.append(words[i])
        i += 1
    return out


def _mend_syllables(words: Sequence[str], vocabulary: frozenset[str]) -> list[str]:
    """Undo a recogniser's or typist's slip at a syllable boundary, only where it is
    unambiguous: a word no table knows that is exactly two or three known words run together
    ("khôngchín" → "không", "chín"; "đúngrồi" → "đúng", "rồi"; one way of cutting only, each
    part of two letters or more), or a word no table knows that with the next one makes a known
    word ("khô ng" → "không"). Anything else is left as it is (read as an unknown word)."""
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word in vocabulary or word in (UNK, BOUNDARY) or word.isdecimal():
            out.append(word)
            i += 1
            continue
        nxt = words[i + 1] if i + 1 < len(words) else None
        if nxt is not None and nxt not in vocabulary and word + nxt in vocabulary:
            out.append(word + nxt)
            i += 2
            continue
        cuts = _cuts(word, vocabulary, 3)
        out.extend(cuts[0] if len(cuts) == 1 else [word])
        i += 1
    return out


def _cuts(word: str, vocabulary: frozenset[str], parts: int) -> list[list[str]]:
    """Every way of cutting ``word`` into 2..``parts`` known words of two letters or more."""
    found: list[list[str]] = []
    for end in range(2, len(word) - 1):
        head, rest = word[:end], word[end:]
        if head not in vocabulary:
            continue
        if rest in vocabulary:
            found.append([head, rest])
        if parts > 2:
            found.extend([head, *tail] for tail in _cuts(rest, vocabulary, parts - 1))
    return found


def parse_intent(transcript: str, mode: str,
                 keywords: Mapping[str, Sequence[str]] | None = None) -> Intent:
    """Return what ``transcript`` (a recogniser's text, or typed text) means in ``mode``.

    ``mode``: ``yes_no``, ``digits`` or ``menu``; ``keywords`` (menu only): option key → the
    phrases that choose it, e.g. ``{"1": ["báo lừa đảo"], "2": ["rút lại"]}``. Never raises for
    odd input; raises ``ValueError`` for an unknown mode. Rules: module docstring.
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    words = _words(transcript)
    if not [w for w in words if w != BOUNDARY]:
        return Intent("unknown", "empty")
    if UNK in words:  # source [8]: never act past a "not understood" mark; offer what is clear
        rest = [w for w in words if w != UNK]
        guess = _parse_words(rest, mode, keywords) if [w for w in rest if w != BOUNDARY] else None
        return Intent("unknown", "unk", guess=guess if guess and guess.understood else None)
    return _parse_words(words, mode, keywords)


def _parse_words(words: Sequence[str], mode: str,
                 keywords: Mapping[str, Sequence[str]] | None) -> Intent:
    table = _table(mode, keywords)
    if mode != "digits":
        words = _echoed_refusals(words)
    pieces = _segment(_mend_syllables(words, table.vocabulary()), table)
    if mode != "digits":
        pieces = _denied(_contrasts(_conclusion(_rhetorical(_reasons_dropped(pieces)))))
    worded = [p for p in _answering(_deciding(pieces), mode) if p.words]
    coverage = sum(p.coverage for p in worded) / sum(len(p.words) for p in worded)
    if mode == "digits":
        intent = _digits_intent(pieces)
    else:
        intent = _answer_intent(pieces, mode, table)
        coverage = max(coverage, _leading_part(pieces, mode, table, intent))
    return _scored(intent, coverage)


def _leading_part(pieces: Sequence[_Piece], mode: str, table: _Table, intent: Intent) -> float:
    """"Rồi, hôm trước thằng cháu nó làm hộ tôi rồi": a comma-separated part that alone says
    the whole answer (every word of it read) vouches for it, however long the story after it —
    when the answer of the whole is that part's answer. 0.0 when no part does."""
    if not intent.understood:
        return 0.0
    parts: list[list[_Piece]] = [[]]
    for piece in pieces:
        if piece.kind in ("boundary", "split"):
            parts.append([])
        elif piece.words:
            parts[-1].append(piece)
    for part in parts:
        if not part or any(p.entry is None for p in part):
            continue
        alone = _answer_intent(part, mode, table)
        if (alone.name, alone.value) == (intent.name, intent.value):
            return sum(p.coverage for p in part) / sum(len(p.words) for p in part)
    return 0.0


_ANSWERS = frozenset({"intent", "weak", "key", "neg", "tail", "hedge", "wait", "digit", "number"})


_RHETORICAL_GAP = 5  # words between "có" and "đâu" in "tôi có đưa mã cho ai đâu"


def _rhetorical(pieces: Sequence[_Piece]) -> list[_Piece]:
    """In "có … đâu" / "có … mô" (source [9]: "tôi có biết đâu" = I don't know at all) the words
    between the yes word and the tail are what the caller denies: they count as understood, so
    the *no* is not lost to a low score. At most :data:`_RHETORICAL_GAP` words, in one clause."""
    out = list(pieces)
    for j, piece in enumerate(out):
        if piece.kind != "tail":
            continue
        for i in range(j - 1, max(-1, j - _RHETORICAL_GAP - 2), -1):
            kind = out[i].kind
            if kind in ("boundary", "split", "fix", "neg", "tail"):
                break
            if kind == "intent" and out[i].entry.name == "yes":
                for k in range(i + 1, j):
                    if out[k].entry is None:
                        out[k] = _Piece(_Entry("filler"), out[k].words)
                break
    return out


def _reasons_dropped(pieces: Sequence[_Piece]) -> list[_Piece]:
    """The pieces before a reason ("…, vì …") that follows an answer: the reason is the caller
    explaining, and its words ("phải", "không") are not a second answer."""
    for i, piece in enumerate(pieces):
        if not piece.words or " ".join(piece.words) not in REASONS:
            continue
        before, reason = pieces[:i], pieces[i + 1:]
        if not any(p.kind in _ANSWERS for p in before):
            return list(pieces)
        negative = {"neg", "tail"}
        yes = any(p.kind == "intent" and p.entry.name == "yes" for p in before) and not any(
            p.kind in negative or (p.kind == "intent" and p.entry.name == "no") for p in before)
        if yes and any(p.kind in negative for p in reason):
            return list(pieces)  # "có, vì công an thật không bao giờ…": which is it? ask again
        return list(before)
    return list(pieces)


def _deciding(pieces: Sequence[_Piece]) -> list[_Piece]:
    """The pieces the score is taken over: after the last split ("nhưng", "…, nên", "thế thì")
    that an answer follows, since only that answer counts; all of them otherwise."""
    for i in range(len(pieces) - 1, -1, -1):
        if pieces[i].kind == "split" and any(p.kind in _ANSWERS for p in pieces[i + 1:]):
            return list(pieces[i + 1:])
    return list(pieces)


def _denied(pieces: Sequence[_Piece]) -> list[_Piece]:
    """After an :data:`EMPHATIC` negator the unknown words of its clause are what the caller
    refuses ("đời nào tôi trả tiền cho bọn ấy", "ai mà khùng đi đọc mã"): they count as
    understood, so the *no* is not lost to a low score. Known words keep their meaning."""
    out = list(pieces)
    denying = False
    for i, piece in enumerate(out):
        if piece.kind in ("boundary", "split", "fix"):
            denying = False
        elif piece.kind == "neg" and piece.entry.value in EMPHATIC:
            denying = True
        elif denying and piece.entry is None:
            out[i] = _Piece(_Entry("filler"), piece.words)
    return out


def _conclusion(pieces: Sequence[_Piece]) -> list[_Piece]:
    """"…, nên tôi bảo không": a bare "nên" (so) after a pause, with an answer after it, starts
    the caller's conclusion, which wins like the answer after "nhưng"; alone, or at the start,
    "nên" is "should" (a yes)."""
    out = list(pieces)
    for i in range(1, len(out) - 1):
        if (out[i - 1].kind == "boundary" and out[i].words == ("nên",)
                and any(p.kind in _ANSWERS for p in out[i + 1:])):
            out[i] = _Piece(_Entry("split"), out[i].words)
    return out


def _contrasts(pieces: Sequence[_Piece]) -> list[_Piece]:
    """"làm rồi mà nó không ra gì": a "mà" (but) after an option and before another answer is a
    contrast that splits them, and the later one wins ("bấm rồi mà hổng ra" is stuck, not done).
    Between two yes/no words ("ổng nói đúng mà bả nói sai") it stays a particle."""
    out = list(pieces)
    for i in range(1, len(out) - 1):
        if out[i].words != ("mà",):
            continue
        before = next((p for p in reversed(out[:i]) if p.kind not in ("filler", "ack")), None)
        option = before is not None and before.entry is not None and before.entry.name == "option"
        if option and any(p.kind in _ANSWERS for p in out[i + 1:]):
            out[i] = _Piece(_Entry("split"), out[i].words)
    return out


def _answering(pieces: Sequence[_Piece], mode: str) -> list[_Piece]:
    """The pieces the score is taken over: in yes/no and menu answers, the comma-separated parts
    that hold an answer word ("có chứ, họ hay gọi" is scored on "có chứ"); all of them when no
    part does, and always in digits."""
    if mode == "digits":
        return list(pieces)
    parts: list[list[_Piece]] = [[]]
    for piece in pieces:
        if piece.kind == "boundary":
            parts.append([])
        else:
            parts[-1].append(piece)
    kept = [p for part in parts if any(q.kind in _ANSWERS for q in part) for p in part]
    return kept or list(pieces)


def _scored(intent: Intent, coverage: float) -> Intent:
    if not intent.understood:
        return intent
    score = round(intent.score * coverage, 3)
    if score < MIN_SCORE:
        return Intent("unknown", "low_score", score)
    return Intent(intent.name, intent.value, score)


# -- yes/no and menu answers -----------------------------------------------------------------------

@dataclass
class _Said:
    """One answer inside a clause: ``name``/``value`` as in :class:`Intent`; ``negation`` set
    when a negator turned it around (a negated yes is ``no``; a negated option keeps its key)."""

    name: str
    value: str | None = None
    weight: float = 1.0
    negation: str | None = None
    weak: bool = False
    words: tuple[str, ...] = ()


def _answer_intent(pieces: Sequence[_Piece], mode: str, table: _Table) -> Intent:
    """One intent from the pieces of a yes/no or menu answer (module docstring for the rules)."""
    pieces = _restarts(pieces)
    fixes = [i for i, p in enumerate(pieces) if p.kind == "fix"]
    before = pieces[:fixes[-1]] if fixes else []
    fix_words = " ".join(pieces[fixes[-1]].words) if fixes else ""
    if fixes:
        pieces = pieces[fixes[-1] + 1:]
    clauses: list[list[_Piece]] = [[]]
    splits: list[tuple[str, ...]] = []
    for piece in pieces:
        if piece.kind == "split":
            clauses.append([])
            splits.append(piece.words)
        else:
            clauses[-1].append(piece)
    if table.no_option and splits and all(" ".join(w) in CONTRAST for w in splits):
        harm = _harm_beside_no(clauses, mode, table)
        if harm is not None:
            return harm
    for clause in reversed(clauses):  # the last clause that says something wins
        intent = _clause_intent(clause, mode, table)
        if intent.value not in ("no_match", "acknowledged"):
            return intent
    if fixes and mode == "yes_no" and before and not pieces and fix_words in WRONG_NOW:
        # "hổng phải, số đó lộn rồi": "wrong" said last, after a no, describes what was read back
        # and agrees with the no; it never turns anything into a yes.
        earlier = _answer_intent(before, mode, table)
        if earlier.name == "no":
            return earlier
    if fixes:
        return Intent("unknown", "corrected")
    return _clause_intent([p for c in clauses for p in c], mode, table)


def _harm_beside_no(clauses: Sequence[Sequence[_Piece]], mode: str, table: _Table) -> Intent | None:
    """At a yes/no-shaped menu, contrasted clauses where one picks a yes option ("có cài") and
    another the no option ("mà chưa chuyển tiền"): the yes option — one harm done is enough."""
    intents = [_clause_intent(c, mode, table) for c in clauses]
    picked = {i.value for i in intents if i.name == "option"}
    harm = sorted(picked & table.yes_options)
    if len(harm) == 1 and table.no_option in picked and picked <= {harm[0], table.no_option}:
        return Intent("option", harm[0], 1.0)
    return None


def _restarts(pieces: Sequence[_Piece]) -> list[_Piece]:
    """"à không" then a pause, then another answer, is a self-correction ("không, à không,
    có": yes): the three pieces become one correction marker."""
    out = list(pieces)
    for i in range(len(out) - 2):
        first, second, third = out[i:i + 3]
        if (first.kind == "split" and second.kind == "neg" and second.words[0] in PLAIN_NOT
                and len(second.words) == 1 and third.kind == "boundary"
                and any(p.kind in _ANSWERS for p in out[i + 3:])):
            return [*out[:i], _Piece(_Entry("fix"), first.words + second.words), *out[i + 3:]]
    return out


def _clause_answers(clause: Sequence[_Piece], mode: str) -> list[_Said]:
    """The answers of one clause, negation applied."""
    said: list[_Said] = []
    pending: _Piece | None = None  # a negator waiting for the word it negates
    gap = 0  # unknown words since the negator
    since_boundary = 0  # index in ``said`` where the current comma-free stretch starts

    clause = _spoken_keys(clause)

    def flush() -> None:
        nonlocal pending
        if pending is not None:
            if pending.entry.name == "no":
                said.append(_Said("no", negation=pending.entry.value))
            elif mode == "menu" and pending.entry.name is None and pending.entry.value in NEGATORS:
                said.append(_Said("declined", negation=pending.entry.value))
        pending = None

    for piece in clause:
        kind, entry = piece.kind, piece.entry
        if kind == "boundary":
            flush()
            since_boundary = len(said)
        elif kind is None or (kind == "head" and pending is None):
            gap += 1
            if gap > 1:
                flush()
        elif kind == "head":  # "nỏ rút": the option whose phrases start with "rút", negated
            said.append(_Said("option", entry.value, negation=pending.entry.value,
                              words=piece.words))
            pending = None
        elif kind in ("filler", "ack"):
            continue
        elif kind == "neg":
            if pending is not None and pending.entry.value.endswith("phải"):
                # "không phải là không có": a double negative; ask again rather than guess
                said.append(_Said("unknown", "hedge", words=("double_negative",)))
                pending = None
                continue
            flush()
            pending, gap = piece, 0
        elif kind == "tail":
            # "chưa đâu" (an option that is itself a "no") is only said more strongly
            targets = [s for s in said[since_boundary:] if s.negation is None
                       and (s.name in ("yes", "option"))
                       and not (s.name == "option" and _negative(s.words))]
            if pending is not None and entry.name is None:
                continue  # "không … làm gì": already negated
            for target in targets:
                target.negation = entry.value
                if target.name == "yes":
                    target.name, target.weak = "no", False
            stressed = any(s.negation for s in said[since_boundary:])  # "không sai đâu"
            if not targets and pending is None and entry.name == "no" and not stressed:
                said.append(_Said("no", negation=entry.value))
        elif kind in ("intent", "weak"):
            answer = _Said(entry.name, entry.value, entry.weight, weak=kind == "weak",
                           words=piece.words)
            # "không cần đến nhà": a home visit refused, like a negated option (issue 12)
            if pending is not None and entry.name in ("yes", "option", "visit"):
                answer.negation = pending.entry.value
                if entry.name == "yes":
                    answer.name, answer.weak = "no", False
                pending = None
            elif pending is not None and piece.words[:1] == ("sai",):
                answer.name, answer.negation = "yes", pending.entry.value  # "không sai": right
                pending = None
            else:
                flush()
            said.append(answer)
        elif kind == "hedge":
            flush()
            said.append(_Said("unknown", entry.value, words=piece.words))
        elif kind == "wait":
            flush()
            said.append(_Said("declined", negation="chưa"))
    flush()
    return said


_COMMANDS = frozenset({"option", "repeat", "back", "main_menu", "volunteer", "visit"})


def _asides_dropped(said: list[_Said], clause: Sequence[_Piece]) -> list[_Said]:
    """Words that are an answer alone but an aside next to a clearer one: a question word
    ("gì", "sao", "chi") next to another answer or next to a word we cannot read is part of
    the sentence ("có tin gì mới không", "chọn chi cũng được"), not "say it again"; "thôi"
    (never mind) before a command or a yes is not a *no* ("thôi, cho tôi về menu chính")."""
    questions = [s for s in said if s.name == "repeat" and s.words in REPEAT_QUESTIONS]
    unread = any(p.entry is None for p in clause)
    if questions and (unread or len(questions) < len(said)):
        said = [s for s in said if s not in questions]
    commands = [s for s in said if s.name in _COMMANDS and not s.negation]
    thoi = [i for i, s in enumerate(said) if s.name == "no" and s.words == ("thôi",)]
    later_yes = thoi and any(s.name == "yes" and not s.negation for s in said[thoi[0] + 1:])
    if commands or later_yes:  # "thôi, học tiếp vậy": well, let us go on
        said = [s for s in said if not (s.name == "no" and s.words == ("thôi",))]
    return said


def _beside_dont_know(clause: Sequence[_Piece], mode: str) -> Intent | None:
    """"nỏ biết chọn chi, cho tui gặp người giúp", "tôi chịu, không tìm thấy cái nút": a "don't
    know" in one comma-separated part and one clear choice (an option or a control, nothing
    negated or hedged) in another is that choice: the caller says why they choose it. Within
    one part ("không biết có nên gửi không") the hedge stands."""
    parts: list[list[_Piece]] = [[]]
    for piece in clause:
        if piece.kind == "boundary":
            parts.append([])
        else:
            parts[-1].append(piece)
    said = [_asides_dropped(_clause_answers(part, mode), part) for part in parts]
    said = [s for s in said if s]
    unsure = [s for s in said if all(x.name == "unknown" and x.value == "dont_know" for x in s)]
    doubled = [s for s in said if all(x.words == ("double_negative",) for x in s)]
    chosen = [s for s in said if s not in unsure and s not in doubled]
    if not (unsure or doubled) or len(chosen) != 1:
        return None
    # "không phải là không nên, nên chứ": a double negative, then the plain answer
    allowed = _COMMANDS | ({"yes", "no"} if doubled and not unsure else frozenset())
    if not all(x.name in allowed and not x.negation and not x.weak for x in chosen[0]):
        return None
    picks = {(x.name, x.value) for x in chosen[0]}
    if len(picks) != 1:
        return None
    name, value = picks.pop()
    return Intent(name, value, 1.0)


def _negative(words: Sequence[str]) -> bool:
    """A phrase that itself says "no"/"not yet": "chưa", "chưa chuyển", "không hiểu"."""
    return bool(words) and (words[0] in PLAIN_NOT or words[0] == "chưa")


def _spoken_keys(clause: Sequence[_Piece]) -> list[_Piece]:
    """A spoken key ("một", "hai") is the option only at the end of its clause or before
    particles ("phím hai ạ", "số một đó"); before any other word it is a number or an article ("báo một cuộc
    gọi", "kiểm tra một số lạ") and counts as an unknown word."""
    out = list(clause)
    for i, piece in enumerate(out):
        if piece.kind != "key":
            continue
        nxt = next((p for p in out[i + 1:] if not (p.kind == "filler" and (
            p.entry.weight == 1.0 or p.words[-1] in FINAL_PARTICLES)) and p.kind != "ack"), None)
        if nxt is None or nxt.kind == "boundary" or " ".join(nxt.words) in ALTERNATIVES:
            # "số ba hay số bốn": both keys are named, so the answer is a conflict
            out[i] = _Piece(replace(piece.entry, kind="intent"), piece.words, piece.exact)
        else:
            out[i] = _Piece(None, piece.words)
    return out


def _clause_intent(clause: Sequence[_Piece], mode: str, table: _Table) -> Intent:
    said = _asides_dropped(_clause_answers(clause, mode), clause)
    options = [s for s in said if s.name == "option" and not s.negation]
    if len({s.value for s in options}) > 1:  # "vướng rồi": a bare "rồi" is a particle here
        said = [s for s in said if not (s in options and s.words == ("rồi",))]
    if not said:
        if any(p.kind == "ack" for p in clause):
            return Intent("unknown", "acknowledged")
        return Intent("unknown", "no_match")
    positive = {(s.name, s.value) for s in said
                if s.name not in ("unknown", "declined") and not s.weak
                and not (s.name == "option" and s.negation)}
    if ("volunteer", None) in positive and not any(
            s.name == "volunteer" and s.negation for s in said):
        # "cho tôi nói chuyện với người thật, máy móc tôi không quen": a person, whatever else
        return Intent("volunteer", None, 1.0)
    visit = [s for s in said if s.name == "visit"]
    if visit and len(positive) == 1 and not any(s.negation for s in visit):
        return Intent("visit", None, 1.0)  # "cho người đến nhà chỉ giùm": a home visit
    if visit:
        # Beside another answer ("người giao hàng tới nhà") the other answer counts; negated
        # ("không cần đến nhà") it is a refusal like a negated option.
        positive.discard(("visit", None))
        if len(positive) >= 1 or not any(s.negation for s in visit):
            said = [s for s in said if s.name != "visit"]
    if len(positive) > 1:
        return Intent("unknown", "conflict")
    purpose = [s for s in said if s.name == "unknown" and s.words[:1] == ("để",)]
    if purpose and len(positive) == 1 and next(iter(positive))[0] == "option":
        # "sổ sức khỏe, để coi lịch tiêm": "để coi" before what is wanted is "in order to see"
        said = [s for s in said if s not in purpose]
    hedges = [s.value for s in said if s.name == "unknown"]
    if hedges and (mode == "menu" or any(s.words == ("double_negative",) for s in said)):
        beside = _beside_dont_know(clause, mode)
        if beside is not None:
            return beside
    if positive and not hedges:
        name, value = positive.pop()
        negated = {s.value for s in said if s.name == "option" and s.negation}
        if name == "option" and value in negated:
            return Intent("unknown", "conflict")
        return Intent(name, value, 1.0)
    if hedges:
        return Intent("unknown", "dont_know" if "dont_know" in hedges else "hedge")
    refusals = sorted((s for s in said if s.negation), key=lambda s: s.name != "option")
    if refusals and table.no_option and all(
            s.name == "declined" or (s.name == "option" and s.value in table.yes_options)
            for s in refusals):  # "mô có chuyển", "có chuyển mô" where "chưa" is an option
        return Intent("option", table.no_option, 1.0)
    if refusals:
        first = refusals[0]  # a negated option first: "khoan, đừng gửi" is "do not send"
        why = "not_yet" if first.negation in ("chưa", "chưa có", "chưa muốn", "chưa cần",
                                              "chưa hề") else "negated"
        key = first.value if first.name == "option" else None
        return Intent("unknown", why, negated=key, negation=first.negation)
    weak = [s for s in said if s.weak]
    if weak:
        return Intent(weak[0].name, weak[0].value, weak[0].weight)
    return Intent("unknown", "no_match")


# -- digits ----------------------------------------------------------------------------------------

def _digits_intent(pieces: Sequence[_Piece]) -> Intent:
    """Digits, or a control; both at once (or two controls) is a conflict; after a correction
    only the restated number counts."""
    pieces = _after_correction(_false_starts(_preamble_dropped(pieces)))
    if pieces is None:
        return Intent("unknown", "corrected")
    if any(p.kind == "hedge" for p in pieces):
        return Intent("unknown", "dont_know")
    controls = {p.entry.name for p in pieces if p.kind == "intent"}
    numbers = [p for p in pieces if p.kind in ("digit", "number")]
    if len(controls) > 1 or (controls and numbers):
        return Intent("unknown", "conflict")
    if controls:
        return Intent(controls.pop(), None, 1.0)
    if not numbers:
        kinds = {p.kind for p in pieces if p.entry and p.words}
        return Intent("unknown", "acknowledged" if kinds == {"ack"} else "no_match")
    if any(p.entry is None for p in pieces):  # a word we cannot read may hold digits
        return Intent("unknown", "no_match")
    digits = read_number_words([_number_token(p) for p in pieces
                                if p.kind in ("digit", "number", "boundary")])
    return Intent("digits", digits, 1.0) if digits else Intent("unknown", "no_match")


_ZERO = _Piece(_Entry("digit", value="0"), ("không",))


def _false_starts(pieces: Sequence[_Piece]) -> list[_Piece]:
    """A group said again after a pause: "năm trăm mốt, à năm trăm mười một" (a bare "à", "ờ" or
    "ơ" and the group's first word again) restates the group; "hai hai… hai hai không" and
    "không chín tám… không chín tám" (the next group starts with the whole of this one, two digits
    or more) was a false start. Both keep the later, and only when that mends the number's length
    (see the end)."""
    groups: list[list[_Piece]] = [[]]
    for piece in pieces:
        if piece.kind == "boundary":
            groups.append([])
        else:
            groups[-1].append(piece)
    def said(group):
        return [p.words for p in group if p.kind in ("digit", "number")]
    kept: list[list[_Piece]] = []
    hesitation: list[_Piece] = []
    for group in groups:
        words = said(group)
        if group and not words and all(p.words in _RESTART_FILLERS for p in group):
            hesitation = group  # "…, ờ… , …": the hesitation alone between two pauses
            continue
        group, hesitation = [*hesitation, *group], []
        if group and group[0].words in _RESTART_FILLERS and kept \
                and said(kept[-1])[:1] == words[:1] and words:
            kept[-1] = group[1:]
            continue
        if kept and len(said(kept[-1])) >= 2 and words[:len(said(kept[-1]))] == said(kept[-1]) \
                and len(words) >= len(said(kept[-1])):
            kept[-1] = group
            continue
        kept.append(group)
    out: list[_Piece] = []
    for i, group in enumerate(kept):
        if i:
            out.append(_BOUNDARY_PIECE)
        out.extend(group)
    # Only when it mends the number: "tám tám tám, tám tám tám tám" is 888 8888, not a restart.
    if len(_read(pieces)) in _NUMBER_LENGTHS or len(_read(out)) not in _NUMBER_LENGTHS:
        return list(pieces)
    return out


# Hesitations that open a restated group ("không chín tám, ờ… không chín tám, …").
_RESTART_FILLERS = frozenset({("à",), ("ờ",), ("ơ",), ("ừ",), ("ừm",), ("ờm",)})

# Lengths of what callers key or say here: a 6-digit reference, an 8-digit 1900/1800 number, a
# 10-digit mobile, an 11-digit landline with its area code.
_NUMBER_LENGTHS = frozenset({6, 8, 10, 11})


def _read(pieces: Sequence[_Piece]) -> str:
    """The digits ``pieces`` read as, ignoring every other word."""
    return read_number_words([_number_token(p) for p in pieces
                              if p.kind in ("digit", "number", "boundary")])


def _preamble_dropped(pieces: Sequence[_Piece]) -> list[_Piece]:
    """"Số máy bàn: không hai bốn, …", "Mệ đọc nghe: một, hai, …": words before a pause that
    hold no digit only introduce the number that follows (at least three digits), and do not
    make it unreadable. A correction or a control before the pause is kept. "Sáu số: hai, không,
    …" (how many digits follow, then exactly that many) is a preamble too."""
    counted = _count_preamble(pieces)
    if counted is not None:
        return counted
    for i, piece in enumerate(pieces):
        if piece.kind in ("digit", "number", "fix", "fix_maybe", "intent"):
            return list(pieces)
        if piece.kind == "boundary":
            if _count_digits(pieces[i + 1:]) >= 3:
                return _preamble_dropped(pieces[i + 1:])
            return list(pieces)
    return list(pieces)


_COUNT_WORDS = frozenset({("số",), ("chữ",), ("con",), ("chữ", "số"), ("con", "số"), ("hả",),
                          ("nè",), ("nghen",), ("nha",), ("nhé",), ("đó",), ("à",), ("ạ",)})


def _count_preamble(pieces: Sequence[_Piece]) -> list[_Piece] | None:
    """The pieces after "sáu số", "mười chữ số hả", "tám con số nè" when exactly that many
    digits follow (6, 8, 10 or 11: :data:`_NUMBER_LENGTHS`), else ``None``."""
    if len(pieces) < 3 or pieces[0].kind not in ("digit", "number") or pieces[1].words != ("số",) \
            and pieces[1].words not in (("chữ",), ("con",)):
        return None
    said = _read(pieces[:1])
    if not said.isdigit() or int(said) not in _NUMBER_LENGTHS:
        return None
    i = 1
    while i < len(pieces) and (pieces[i].words in _COUNT_WORDS or pieces[i].kind == "boundary"):
        i += 1
    if not any(p.words == ("số",) for p in pieces[1:i]) or len(_read(pieces[i:])) != int(said):
        return None
    return list(pieces[i:])


def _after_correction(pieces: Sequence[_Piece]) -> list[_Piece] | None:
    """The pieces that count after the last correction, ``None`` when nothing follows it.

    "à không" (``fix_maybe``) is a correction when a boundary or another "không" follows, or when
    the number before, a 0 and the number after would be longer than :data:`LONGEST_NUMBER`
    (then the "không" is the restated number's own 0); otherwise it is "à" and the digit 0.
    """
    out: list[_Piece] = []
    for i, piece in enumerate(pieces):
        if piece.kind == "fix":
            out = _restated(out, pieces[i + 1:])
            continue
        if piece.kind != "fix_maybe":
            out.append(piece)
            continue
        rest = pieces[i + 1:]
        nxt = next((p for p in rest if p.kind not in ("filler",)), None)
        before = _count_digits(out)
        after = _count_digits(rest)
        restarts = nxt is not None and (nxt.kind == "boundary"
                                        or (nxt.kind == "digit" and nxt.entry.value == "0"))
        if restarts:
            out = _restated(out, rest)
        elif before and before + 1 + after > LONGEST_NUMBER:
            out = [_ZERO]
        else:
            out.append(_ZERO)
    if not any(p.kind in ("digit", "number", "intent", "hedge", "ack") for p in out):
        if any(p.kind in ("fix", "fix_maybe") for p in pieces):
            return None
    return out


def _restated(said: list[_Piece], rest: Sequence[_Piece]) -> list[_Piece]:
    """What stays of the number ``said`` before a correction, given the words after it.

    Phone numbers are read in groups ("không ba năm hai, bốn bảy tám, chín hai mốt, à nhầm,
    chín hai tư"): a correction shorter than what came before, that does not start the number
    again, restates only the group being said — the last one. A restated number (as long, from
    the same first digit), or a number said in one breath, replaces everything."""
    end = next((i for i, p in enumerate(rest) if p.kind in ("fix", "fix_maybe")), len(rest))
    after = [p for p in rest[:end] if p.kind in ("digit", "number")]
    before = [p for p in said if p.kind in ("digit", "number")]
    trimmed = list(said)
    while trimmed and trimmed[-1].kind in ("boundary", "filler"):
        trimmed.pop()
    cuts = [i for i, p in enumerate(trimmed) if p.kind == "boundary"]
    if not cuts or not after or not before:
        return []
    again = len(after) >= len(before) and after[0].words == before[0].words
    return [] if again else trimmed[:cuts[-1] + 1]


def _count_digits(pieces: Sequence[_Piece]) -> int:
    """Digits a run of pieces would read as (number words counted as one digit each: enough to
    tell a restated phone number from a stray 0)."""
    return sum(1 for p in pieces if p.kind in ("digit", "number"))


def _number_token(piece: _Piece) -> tuple[str, str]:
    """``("digit", "4")`` for a digit word, ``("ten", "")`` for mười, ``("tens", "")`` for mươi…"""
    entry = piece.entry
    if entry.kind == "boundary":
        return ("boundary", "")
    return ("digit", entry.value) if entry.kind == "digit" else (entry.name, "")


# -- numbers ---------------------------------------------------------------------------------------

def read_number_words(items: Sequence[tuple[str, str]]) -> str:
    """Turn number tokens into the digit string a caller meant; ``""`` if they make no number.

    ``items``: ``(role, digit)`` with role ``digit`` (không…chín, and mốt, tư, lăm, nhăm, the
    forms a unit takes after a tens word), ``ten`` (mười), ``tens`` (mươi, chục), ``twenty``
    (hăm), ``thirty`` (băm), ``hundred`` (trăm), ``zero_fill`` (linh, lẻ), ``boundary`` (a pause: a comma
    between the groups a caller reads a phone number in). Rules from sources [1]–[3] and [6] of
    the module docstring: digits one by one ("không chín" → "09"); "mười lăm" → "15"; "hai
    mươi" → "20"; pairs "hai mốt" → "21", "ba tư" → "34" (the same string as digit by digit);
    "một trăm linh năm" → "105"; colloquial "một trăm mốt" → "110" (not 101). A unit never
    reaches across a boundary: "không chín mười, hai ba" → "0910" + "23" (a lone "mười" is 10;
    "mười hai" with no pause between is 12).
    """
    out, i = [], 0
    while i < len(items):
        if items[i][0] == "boundary":
            i += 1
            continue
        text, i = _read_group(items, i)
        if text is None:
            return ""
        out.append(text)
    return "".join(out)


def _read_group(items: Sequence[tuple[str, str]], i: int) -> tuple[str | None, int]:
    """Read one group at ``items[i]``: a digit, a two-digit number or a hundreds number."""
    role, digit = items[i]
    nxt = items[i + 1][0] if i + 1 < len(items) else None
    if role in ("ten", "tens"):  # "mười …"; a lone "mươi" is heard as "mười" (tone slip)
        return _with_unit("1", items, i + 1)
    if role in ("twenty", "thirty"):  # Southern "hăm" = hai mươi, "băm" = ba mươi
        return _with_unit("2" if role == "twenty" else "3", items, i + 1)
    if role == "digit" and nxt == "tens":
        return _with_unit(digit, items, i + 2)
    if role == "digit" and nxt == "hundred":
        rest, j = _after_hundred(items, i + 2)
        return digit + rest, j
    if role == "digit":
        return digit, i + 1
    if role == "zero_fill":
        return "0", i + 1
    return None, i + 1  # "trăm" with no number before it


def _is_unit(items: Sequence[tuple[str, str]], j: int) -> bool:
    """``items[j]`` is a digit 1–9 that belongs to the number before it, not to the next one
    ("mười, hai mươi" is 10 then 20, not 12 then a stray "mươi")."""
    if j >= len(items) or items[j][0] != "digit" or items[j][1] == "0":
        return False
    return j + 1 >= len(items) or items[j + 1][0] not in ("tens", "hundred")


def _with_unit(tens: str, items: Sequence[tuple[str, str]], j: int) -> tuple[str, int]:
    """``tens`` followed by an optional unit 1–9 ("hai mươi ba" → 23, "hai mươi" → 20)."""
    if _is_unit(items, j):
        return tens + items[j][1], j + 1
    return tens + "0", j


def _after_hundred(items: Sequence[tuple[str, str]], j: int) -> tuple[str, int]:
    """The two digits after "trăm": "linh năm" → 05, "mười hai" → 12, "mốt" → 10 (colloquial)."""
    if j >= len(items) or items[j][0] == "boundary":
        return "00", j
    role, digit = items[j]
    if role == "zero_fill" or (role == "digit" and digit == "0"):
        if _is_unit(items, j + 1):
            return "0" + items[j + 1][1], j + 2
        return "00", j + 1
    if role in ("ten", "tens", "twenty", "thirty") or (j + 1 < len(items)
                                                       and items[j + 1][0] == "tens"):
        return _read_group(items, j)
    if role == "digit":
        if _is_unit(items, j + 1):
            return digit + items[j + 1][1], j + 2  # "một trăm hai ba" = 123
        return digit + "0", j + 1  # "một trăm mốt" = 110, "hai trăm tư" = 240
    return "00", j


# -- grammar phrases -------------------------------------------------------------------------------

# The words a whole-sentence answer wraps around its answer, in every region: pronouns,
# particles, fillers, the weak yes words and the one-word negators ("tui muốn cái đó giùm",
# "dạ không đâu ạ", "nỏ mô"). Every grammar lists them, so the recogniser returns them as words
# (which the parser reads or skips) instead of ``[unk]``, which would throw the answer away.
SENTENCE_WORDS = (*SOFT_FILLERS, *ACK, *FILLERS, *WEAK_YES, "vâng",
                  *(n for n in NEGATORS if " " not in n), *SPLIT, *REGIONAL)

def grammar_phrases(mode: str, keywords: Mapping[str, Sequence[str]] | None = None) -> list[str]:
    """The phrases a recognition grammar for ``mode`` should list (``speech.grammar`` adds [unk]).

    Answers, the controls, "dạ", the fillers, and the negators, hedges and correction markers of
    the mode (so that "không gửi" comes back as words to negate, not as "gửi" alone): listing
    them keeps them from being forced onto a real answer (source [8] of the module docstring).
    Last, :data:`SENTENCE_WORDS` (pronouns, particles, negators) so a whole sentence comes back
    as words. Answers and controls come first. Digit mode lists single number words, since
    callers combine them freely. Typed-only forms ("zero", "ok" variants) are left out.
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    controls = [p for phrases in CONTROLS.values() for p in phrases]
    if mode == "yes_no":
        specific = [*NEGATORS[:11], *YES[:30], *WEAK_YES, *PARTICLE_YES, *NO]
        extra = [*YES[30:], *NEGATORS[11:], *DONT_KNOW, *BOUND_NEGATORS, *TAILS, *HEDGES,
                 *CORRECTIONS]
    elif mode == "digits":
        specific = [*(w for w in DIGITS if w != "zero"), *NUMBER_WORDS, *NUMBER_FILLERS,
                    *DIGIT_FILLERS, "ờ", "mô"]
        extra = [*DONT_KNOW, "không có", *CORRECTIONS, "không phải", "à không"]
    else:
        specific = [*NUMBER_FILLERS, *(w for w in DIGITS if DIGITS[w] != 0 and w not in AFTER_TENS
                                         and str(DIGITS[w]) in (keywords or {})),
                    *(p for phrases in (keywords or {}).values() for p in phrases)]
        extra = [*NEGATORS, *TAILS, *WAIT, *CORRECTIONS]
    # Answers and controls first: a caller of this list may keep only its head (Twilio hints).
    common = [*controls, *ACK, *FILLERS]
    return _unique(" ".join(tokens(p)) for p in [*specific, *common, *extra, *SENTENCE_WORDS])


def core_words() -> list[str]:
    """Words a Vietnamese model must know for speech to be worth switching on: yes, no, the ten
    digits and the words of "nhắc lại" / "quay lại". ``flask speech download-model`` refuses a
    model without them; other missing words are only reported."""
    return ["có", "không", "vâng", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
            "nhắc", "quay", "lại"]


def _unique(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        if item:
            seen.setdefault(item, None)
    return list(seen)


__all__ = ["Intent", "parse_intent", "grammar_phrases", "core_words", "read_number_words", "tokens",
           "canonical",
           "strip_tones", "MODES", "MIN_SCORE", "UNK", "SENTENCE_WORDS"]
