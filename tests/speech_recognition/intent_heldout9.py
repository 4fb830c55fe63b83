"""Ninth held-out table of spoken answers for the intent parser (Công Dân Số hotline).

Written independently, without reading the parser (``speech/``), the benchmark, the earlier
tables' rows or the parser's vocabulary (the ``words:`` lists and the ``speech:`` section of
``prompts/``), and never run through the parser while it was written: it measures, it is not
tuned on. Only the questions and their numbered options as the caller hears them were taken
from ``prompts/flow.yaml`` and ``prompts/nodes/*.yaml`` (the ``prompt:``, ``say:`` and message
texts): the main menu, the tutorials menu, the scam-safety menu, the money question ("Bác đã
chuyển tiền, đọc mã hay cài gì cho họ chưa?"), who the caller was told they were talking to
("Người đó tự xưng là ai?"), a tutorial step (tutorial_hint_full), the end of a tutorial
(tutorial_done) and the recording review (report_record's review line).

Method: each row is what an elderly or low-literacy caller plausibly says on the phone, written
for the three dialect areas (N = North; C = Centre: Huế, Quảng Nam – Đà Nẵng, Nghệ Tĩnh;
S = South) in roughly equal shares. Callers paraphrase rather than repeat an option's wording
("tải cái phần mềm về máy" for installing an app, "làm giấy tờ trên mạng" for the public-service
portal), answer indirectly, give reasons and small narrations, hesitate, correct themselves
("à nhầm", "à lộn", "à không phải"), use rhetorical negatives ("dại gì mà đọc", "đời nào") and
double negatives ("sao lại không"), and name keys ("số ba ạ"). At a yes/no question the row
never says which question was asked, so the answer's polarity is readable from the words alone
(``yes`` / ``no`` is the caller's answer, not whether the answer is the right one for a quiz).
Numbers are read as people read phone numbers: digits in groups, or pairs as two-digit numbers
(hăm = hai mươi, băm = ba mươi, mốt = 1, tư = 4, lăm/nhăm = 5 after a tens word, linh/lẻ = a
zero tens digit after trăm, chục = ten), with self-corrections; a number whose digits are not
all heard, or that the caller does not finish, is ``?``. About a tenth of the rows (tag
``slip``) imitate recogniser slips: lost diacritics, ``[unk]`` for a word not recognised,
repeated syllables, a wrong tone.

Labels: the expected label is what a careful human operator would take the caller to mean;
where the deciding word is lost, the caller hedges or names no option, it is ``?`` (ask again).
At a tutorial step, 1 done is ``opt:1``, 2 slower ``opt:2``, 3 need help ``opt:3``; "still doing
it / wait a moment" is ``notyet``; ``*`` (hear the step again) is ``repeat``. At the end of a
tutorial, 1 from the start is ``opt:1``, 0 another lesson is ``back``, 9 is ``main_menu``. At
the recording review, keeping/sending is ``opt:1``, listening back is written ``opt:2`` (the
older listen key, which still works; ``*`` is named today), recording again is ``opt:3``, and a
refusal of option 1 ("đừng gửi") is ``neg:1``. At the main menu, "a person" is its option 5,
not ``volunteer`` (``volunteer`` is used only at yes/no questions). At the question "Người đó
tự xưng là ai?", "không nhớ / không rõ" is option 8 ("người khác, hoặc không rõ"). At the money
question, having installed what the caller was told to is option 1; having lost money and
already called the bank to lock the account is option 3 ("đã báo ngân hàng").

Sources for the regional forms (public):
- Centre / Nghệ Tĩnh (mô, tê, răng, rứa, nỏ, ni, nớ, chừ/dừ, mần, hắn, eng, chộ, nác):
  https://nghengu.vn/tu-dien-tieng-nghe/cac-tu-tieng-nghe-an-1073.html
  https://beta.voh.com.vn/song-dep/nhung-cau-noi-nghe-an-kho-hieu-564712.html
  https://diendan.hocluat.vn/viewtopic.php?t=11357
  https://nghengu.vn/tieng-nghe-cua-toi/tu-dien-nghe-an-987.html
- Dialects of Vietnamese in general (Centre and South vocabulary, Huế "o", "mệ", "hè"):
  https://en.wikipedia.org/wiki/Vietnamese_language#Dialects
  https://vi.wikipedia.org/wiki/Phương_ngữ_tiếng_Việt
- South (hổng/hông, nghen, dzậy, tui, ổng, bả, lộn, xài, giùm/dùm, dìa, kêu, coi):
  https://vi.wikipedia.org/wiki/Phương_ngữ_Nam_Bộ
  https://en.wiktionary.org/wiki/hổng
- Number words (mốt, tư, lăm, nhăm, linh, lẻ, hăm, băm, chục):
  https://en.wiktionary.org/wiki/mốt
  https://en.wiktionary.org/wiki/lăm
  https://en.wiktionary.org/wiki/hăm
  https://en.wiktionary.org/wiki/băm
  https://en.wiktionary.org/wiki/linh
"""
from __future__ import annotations

HELDOUT9 = """
# ---- yes/no questions (resume offer, quiz, number read-back, "đã … chưa?") ----
# North
N yn | Vâng ạ, học tiếp đi cháu | yes
N yn | Ừ, thế thì tôi học tiếp cái bài hôm trước đang dở ấy | yes
N yn | Không nên, đứa nào hỏi mã là đứa lừa đấy | no
N yn | Đời nào, làm gì có chuyện đấy | no
N yn | Có chứ, phải gọi ngay chứ còn gì nữa | yes
N yn | Đúng rồi, số ấy đấy, không sai đâu | yes
N yn | Không phải, cái số cuối là số bảy cơ, không phải số một | no
N yn | Chưa, tôi chưa làm cái đấy bao giờ | no
N yn | Rồi, hôm trước thằng cháu nó làm hộ tôi rồi | yes
N yn | Ơ cái gì cơ, cô nói lại tôi nghe với | repeat
N yn | Máy nó rè rè, tôi chả nghe rõ câu hỏi, nhắc lại hộ tôi | repeat
N yn | Thôi, cho tôi ra ngoài cái mục chính | main_menu
N yn | Cho tôi nói chuyện với người thật được không, máy móc tôi không quen | volunteer
N yn | Cái này thì tôi chịu, chả biết nên hay không nên | ?
N yn | Thế thì... ờ... để tôi nghĩ cái đã | ?
N yn | Dại gì mà đọc cho nó | no
N yn | Vâng, phải xem chứ, xem cho chắc ăn | yes
N yn | Ừ đúng đấy, ghi ra giấy cho khỏi quên | yes
N yn | Không, không được đâu, mỗi lúc một cái máy thôi | no
N yn | Không không, à nhầm, có, có nên | yes
N yn | Có... à mà thôi, không, không nên | no
N yn | Bà không tin đâu, không bao giờ | no
N yn | Hôm nay bà bận, thôi để hôm khác hẵng học | no
N yn | Lùi lại cái lúc nãy cho tôi | back
N yn | Tôi cũng chả biết, ông nhà tôi thì bảo là có | ?
N yn | Chắc là không nên đâu, nghe nó cứ sao sao ấy | no
N yn | vang dung roi | yes | slip
N yn | thì [unk] ạ | ? | slip
N yn | có có có nên chứ | yes | slip
N yn | chứa, tôi chứa làm | no | slip
# Centre
C yn | Dạ, có chớ | yes
C yn | Nỏ, nỏ nên mô | no
C yn | Phải rồi o, số nớ đúng rồi | yes
C yn | Răng mà đọc cho hắn được, nỏ đọc | no
C yn | Chưa, tui chưa mần cái đó | no
C yn | Rồi, bữa trước con tui mần cho rồi | yes
C yn | Dạ học tiếp đi, chừ tui rảnh | yes
C yn | Thôi để mai, chừ tui đang nấu cơm | no
C yn | Nói chi nhanh rứa, nói lại coi | repeat
C yn | Tui nghe nỏ rõ, eng nói lại cho tui với | repeat
C yn | Cho tui gặp người mô đó nói chuyện cho dễ | volunteer
C yn | Có ai ở tổng đài nói chuyện với mệ không, mệ hỏi cái ni | volunteer
C yn | Về cái chỗ đầu tiên tê, mục chính đó | main_menu
C yn | Cái ni tui cũng nỏ biết răng mà trả lời | ?
C yn | Có... mà chắc chi | ?
C yn | Dạ không, mệ nỏ tin mô | no
C yn | Không đúng, số tê là chín chớ không phải năm | no
C yn | Ừ, đúng rứa đó | yes
C yn | Đâu có, làm chi có chuyện rứa | no
C yn | Có nên chớ, gọi liền | yes
C yn | Hông nên đâu, hắn lừa đó | no
C yn | Ờ ờ, được, mần tiếp | yes
C yn | Ủa, hỏi chi rứa, tui chưa nghe kịp | repeat
C yn | Quay lại cái trước đi | back
C yn | Cũng nên mà cũng nỏ nên, tùy | ?
C yn | Có chớ răng không, phải ghi ra giấy chớ | yes
C yn | Mần răng tui biết được, để tui hỏi thằng cu | ?
C yn | no khong nen mo | no | slip
C yn | dạ [unk] mô | ? | slip
C yn | phai phai rồi | yes | slip
# South
S yn | Dạ có, có nghen | yes
S yn | Hổng nên đâu, tui hổng có dại | no
S yn | Dạ hông, hông có đọc | no
S yn | Đúng rồi đó con, số đó đó | yes
S yn | Sai rồi, số chót là sáu chớ hổng phải tám | no
S yn | Chưa, tui chưa làm cái đó | no
S yn | Rồi, hổm rày tui làm rồi | yes
S yn | Học tiếp đi con, bữa trước học tới nửa chừng | yes
S yn | Thôi bữa khác đi, giờ tui đi chợ | no
S yn | Nói lại giùm tui coi, nãy giờ tui nghe hổng kịp | repeat
S yn | Hả, gì dợ con | repeat
S yn | Cho tui nói chuyện với người thiệt đi, máy nói tui hổng hiểu | volunteer
S yn | Kêu ai đó ra nói chuyện với tui đi cưng | volunteer
S yn | Dìa cái mục chính đi | main_menu
S yn | Trở lại cái hồi nãy đi | back
S yn | Ai mà đi tin mấy người đó, hổng tin | no
S yn | Có chớ sao không | yes
S yn | Hông biết nữa, chắc có mà cũng chắc hông | ?
S yn | Ờ... để tui hỏi con Út cái đã | ?
S yn | Dạ phải, phải ghi ra chớ | yes
S yn | Hổng được đâu, một cái máy thôi | no
S yn | Có... ủa lộn, hông, hông nên | no
S yn | Hông, hông... à có, có chớ | yes
S yn | Được, làm tiếp đi | yes
S yn | Bả nói là nên mà tui thấy kỳ kỳ | ?
S yn | Chắc là hổng nên đâu hen | no
S yn | Khỏi, tui hổng cần | no
S yn | hong co dau | no | slip
S yn | da [unk] | ? | slip
S yn | có chớ chớ | yes | slip
# ---- numbers said aloud (a phone number, or a 6-digit report reference) ----
# North
N dg | Số nó là không chín tám, hăm mốt, ba nhăm, bốn bảy bảy | dg:0982135477
N dg | Không ba bốn, sáu bảy tám, chín không một hai | dg:0346789012
N dg | Mã số báo cáo của tôi là bảy không hai, chín một tám | dg:702918
N dg | Mã là hăm tư, băm sáu, chín mươi | dg:243690
N dg | Không chín lăm, à nhầm, không chín sáu, tám tám, mười hai, ba bốn năm | dg:0968812345
N dg | Số đấy là không tám tám, sáu trăm linh năm, hai hai chín một | dg:0886052291
N dg | Không ba năm chín, bốn mươi, mười một, tám hai | dg:0359401182
N dg | Không chín... chín... cái gì nhỉ, tôi quên mất rồi | ?
N dg | Một trăm lẻ ba, bốn trăm hăm mốt | dg:103421
N dg | Để tôi đọc từng số nhé: ba, chín, không, một, tám, bảy | dg:390187
N dg | Không tám sáu bốn, bốn năm năm, sáu sáu bảy | dg:0864455667
N dg | Nó gọi số máy bàn, không hai bốn, ba tám, năm sáu, bảy tám, chín không | dg:02438567890
N dg | Chín chín, mười hai, năm lăm | dg:991255
N dg | mã là sáu [unk] hai, không không bảy | ? | slip
N dg | khong chin bay, hai hai, ba ba, bon bon, nam | dg:0972233445 | slip
# Centre
C dg | Số hắn là không chín một, tám ba, sáu lăm, hai không bốn | dg:0918365204
C dg | Dạ, không ba tám, bảy tư, không một, chín chín hai | dg:0387401992
C dg | Mã báo cáo tui ghi đây nì: năm tám, hăm hai, mười bốn | dg:582214
C dg | Không tám một, à lộn, không tám hai, ba ba ba, bốn bốn năm sáu | dg:0823334456
C dg | Số tê là không chín bốn, sáu trăm linh tám, năm năm chín hai | dg:0946085592
C dg | Mã là, tui đọc nghe: bốn, không, chín, một, một, sáu | dg:409116
C dg | Không ba chín, hai trăm lẻ bảy, chín chín tám một | dg:0392079981
C dg | Ba mươi, bảy mươi, chín mươi | dg:307090
C dg | Sáu một hai, tám tám, à không phải, tám chín, bốn | dg:612894
C dg | Không chín sáu, hăm mốt, hăm mốt, băm ba, sáu | dg:0962121336
C dg | Số lạ hoắc, tui nỏ nhớ, chỉ nhớ cái đuôi sáu tám | ?
C dg | Không bảy không, năm trăm mốt, à năm trăm mười một, hai hai bốn bốn | dg:0705112244
C dg | Không tám năm, chín mươi chín, tám mươi tám, bảy mươi bảy, sáu | dg:0859988776
C dg | [unk] ba hai, bảy bảy tám, một không không | ? | slip
C dg | khong chin tam, muoi ba, bon muoi, sau sau bay | dg:0981340667 | slip
# South
S dg | Số nó là không chín ba, bảy bảy, hăm lăm, sáu tám tám | dg:0937725688
S dg | Không bảy chín, sáu trăm lẻ một, bốn ba hai tám | dg:0796014328
S dg | Mã số nè: hai lăm, bốn mốt, mười | dg:254110
S dg | Không ba bốn, lộn, không ba năm, tám tám, chín chín, một hai ba | dg:0358899123
S dg | Không chín không, chín... ờ... tui hổng nhớ nữa, để tui kiếm cái giấy | ?
S dg | Dạ không tám chín, mười hai, mười hai, bảy lăm, bốn | dg:0891212754
S dg | Mã của tui là chín chục, hai chục, sáu chục | dg:902060
S dg | Không tám tám, năm trăm năm mươi, hai hai, không một | dg:0885502201
S dg | Không ba hai, băm hai, bốn mốt, sáu sáu chín | dg:0323241669
S dg | Nó gọi bằng số một chín không không, sáu tám, sáu tám | dg:19006868
S dg | Không chín bảy, hai hai... hai hai không, một một bốn bốn | dg:0972201144
S dg | Bốn trăm lẻ năm, sáu trăm mười hai | dg:405612
S dg | Tui hổng có số, nó gọi số ẩn hà | ?
S dg | hai [unk] bay, khong mot tam | ? | slip
S dg | khong chin bon, nam nam nam, sau bay tam chin | dg:0945556789 | slip
# ---- main menu (1 học dùng điện thoại, 2 tránh lừa đảo, 3 báo lừa đảo, 4 kiểm tra số lạ, 5 tình nguyện viên) ----
# North
N main | Tôi muốn được chỉ cho cách bấm cái máy cảm ứng này | opt:1
N main | Có đứa nó gọi lừa tôi mất năm triệu, tôi muốn báo cho các anh | opt:3
N main | Cái số lạ cứ gọi cho tôi mấy hôm nay, không biết của ai | opt:4
N main | Tôi muốn biết bây giờ bọn gian nó hay giở trò gì để còn biết đường mà giữ | opt:2
N main | Cho tôi gặp cô nào trực ở đấy | opt:5
N main | Nói lại từ đầu cho tôi, tôi chưa nghe hết | repeat
N main | Tôi gọi để hỏi cái ứng dụng căn cước trên điện thoại ấy | opt:1
N main | Số ba ạ | opt:3
N main | tôi muốn [unk] số | ? | slip
# Centre
C main | Dạ tui muốn coi cái số ni có phải của bọn lừa không | opt:4
C main | Con tui mua cho cái máy mới, tui nỏ biết mần răng mà dùng | opt:1
C main | Tui bị hắn lừa rồi, chừ tui muốn trình cho bên ni biết | opt:3
C main | Chỉ cho tui mấy cái trò của bọn gian với, để mà giữ mình | opt:2
C main | O ơi cho tui nói chuyện với người | opt:5
C main | Nói chậm lại, đọc lại từ đầu coi | repeat
C main | Cái vụ ni… răng nói hè, hắn gọi tui rồi tui sợ quá | ?
C main | so nam | opt:5 | slip
# South
S main | Tui muốn hỏi coi cái số lạ hoắc gọi tui hồi sáng là của ai | opt:4
S main | Tui muốn thưa con nhỏ lừa tui | opt:3
S main | Dạy tui xài cái Zalo với | opt:1
S main | Tui muốn nghe coi tụi gian nó hay giở trò gì, để hổng bị gạt | opt:2
S main | Có ai đó hông, cho tui gặp người thiệt | opt:5
S main | Nói lại đi, nãy tui hổng nghe kịp | repeat
S main | Hông biết nữa, con tui kêu gọi số này | ?
S main | Hồi hôm có đứa xưng công an, tui chuyển tiền cho nó rồi | opt:3
S main | Số hai đó con | opt:2
S main | so bon | opt:4 | slip
# ---- tutorials menu (1 cài ứng dụng, 2 tạo VNeID, 3 sổ sức khỏe, 4 tiền điện nước, 5 dịch vụ công, 6 đổi máy mới) ----
# North
N tut | Tải cái phần mềm về máy thì làm thế nào | opt:1
N tut | Làm cái tài khoản định danh cho tôi | opt:2
N tut | Tôi muốn xem lịch tái khám với đơn thuốc trên điện thoại | opt:3
N tut | Đóng tiền điện trên máy thế nào hả cháu | opt:4
N tut | Nộp hồ sơ xin giấy tờ qua mạng ấy, khỏi phải lên phường | opt:5
N tut | Quay lại cái trước | back
N tut | Thôi ra ngoài mục chính | main_menu
# Centre
C tut | Tui mới mua cái máy khác, cái cũ rớt nước hư rồi, chừ đăng nhập lại răng | opt:6
C tut | Cái sổ khám bệnh trên điện thoại đó | opt:3
C tut | Trả tiền nác hàng tháng | opt:4
C tut | Cái app của công an, căn cước điện tử, mần răng cho có | opt:2
C tut | Nói lại mấy cái bài coi | repeat
C tut | Bỏ cái ứng dụng ngân hàng vô máy mà con tui dặn | opt:1
C tut | tui muốn học cái… cái [unk] | ? | slip
# South
S tut | Tui làm mất điện thoại, mua cái khác rồi, giờ vô VNeID hổng được | opt:6
S tut | Làm giấy tờ trên mạng, khỏi lên xã | opt:5
S tut | Đóng tiền nước qua điện thoại | opt:4
S tut | Cái sổ tiêm chủng với bảo hiểm y tế trên máy | opt:3
S tut | Vô CH Play lấy app về | opt:1
S tut | Hông phải bài đó, trở ra đi | back
S tut | Cái bài hôm bữa con tui chỉ sơ sơ đó | ?
# ---- scam-safety menu (1 đã bị lừa, 2 giả công an, 3 ngân hàng điện lực, 4 mã và đường link, 5 đòi tiền gấp, 6 cảnh báo mới) ----
# North
N scam | Tôi lỡ chuyển tiền cho nó rồi, giờ làm sao | opt:1
N scam | Mấy đứa xưng là công an phường gọi đến nhà | opt:2
N scam | Cái vụ người ta gọi bảo con đang cấp cứu ấy | opt:5
N scam | Cái mã gửi vào tin nhắn ấy, có được đọc cho ai không | opt:4
N scam | Dạo này có trò gì mới không, nghe bảo nhiều lắm | opt:6
N scam | Thằng gọi bảo nó ở bên điện, dọa cắt điện nhà tôi | opt:3
N scam | Cái bài... cái bài gì ấy nhỉ | ?
# Centre
C scam | Hắn giả bên ngân hàng, nói tài khoản tui bị khóa | opt:3
C scam | Bữa ni tui bị mất tiền rồi, mần răng chừ | opt:1
C scam | Răng biết công an thiệt với công an giả | opt:2
C scam | Cái vụ thằng giao hàng gọi đòi tiền ship đó | opt:5
C scam | Cái đường dẫn tụi hắn gửi qua Zalo, bấm vô được không | opt:4
C scam | Nói lại cho tui, mấy cái bài chi đó | repeat
C scam | Cho tui ra lại cái mục chính | main_menu
# South
S scam | Có đứa gọi xưng cháu tui, kêu gửi tiền gấp | opt:5
S scam | Dạo này có vụ gì mới hông | opt:6
S scam | Nhà mạng gọi nói cắt sim tui | opt:3
S scam | Cái mã QR người ta gửi kêu quét để nhận tiền | opt:4
S scam | Tui bị gạt mất tiền rồi | opt:1
S scam | Trở lại đi | back
S scam | da cai so hai | opt:2 | slip
# ---- money: "Bác đã chuyển tiền, đọc mã hay cài gì cho họ chưa?" (1 rồi, 2 chưa, 3 đã báo ngân hàng, 4 rút báo cáo) ----
# North
N money | Chuyển rồi, chuyển mất hai chục triệu | opt:1
N money | Chưa, tôi chưa đưa gì cho nó cả | opt:2
N money | Tôi đọc cho nó cái dãy số sáu số trong tin nhắn rồi | opt:1
N money | Chuyển rồi nhưng tôi gọi ngân hàng khóa lại rồi | opt:3
N money | Không, tôi dập máy luôn | opt:2
N money | Tôi muốn hủy cái báo cáo hôm trước, tôi báo nhầm | opt:4
N money | Hỏi gì cơ? | repeat
# Centre
C money | Hắn biểu tải cái ứng dụng, tui tải rồi | opt:1
C money | Nỏ, tui nỏ đưa chi hết | opt:2
C money | Mất rồi, tui báo ngân hàng rồi, họ khóa thẻ rồi | opt:3
C money | Chừ tui muốn rút lại cái đơn báo lần trước | opt:4
C money | Chưa có chuyển, mà hắn hối dữ lắm | opt:2
C money | Tui cũng nỏ biết nữa, hắn nói chi tui làm nấy | ?
C money | chua chua co | opt:2 | slip
# South
S money | Rồi con ơi, tui gửi cho nó ba triệu rồi | opt:1
S money | Hông có, tui hổng có đưa đồng nào | opt:2
S money | Nó kêu tui bấm cái link rồi cài cái gì đó, tui làm theo rồi | opt:1
S money | Tui gọi lên ngân hàng báo rồi, họ giữ tài khoản lại rồi | opt:3
S money | Tui muốn rút cái đơn, tại con tui nói hổng phải lừa | opt:4
S money | Quay lại đi | back
S money | Mém chút nữa là chuyển, may con tui cản lại | opt:2
# ---- who: "Người đó tự xưng là ai?" (1 công an, 2 ngân hàng, 3 điện nước, 4 nhà mạng, 5 giao hàng, 6 người thân, 7 việc làm đầu tư, 8 khác / không rõ) ----
# North
N who | Nó xưng là bên viện kiểm sát | opt:1
N who | Thằng đấy bảo nó là nhân viên Vietcombank | opt:2
N who | Nó nhận là cháu tôi ở trong Sài Gòn | opt:6
N who | Nó bảo có bưu kiện gửi cho tôi, phải trả tiền mới giao | opt:5
N who | Tôi chả nhớ nó xưng là gì nữa | opt:8
N who | Nó bảo bên Viettel, sắp khóa thuê bao của tôi | opt:4
N who | Nó rủ làm việc ở nhà, bấm thích video là được tiền | opt:7
N who | ngan hang | opt:2 | slip
# Centre
C who | Hắn xưng công an huyện | opt:1
C who | Hắn nói bên điện lực, nói tui nợ tiền điện | opt:3
C who | Con bé xưng là bạn của con gái tui | opt:6
C who | Nói là nhà mạng, đòi chuẩn hóa thông tin thuê bao | opt:4
C who | Hắn rủ tui bỏ tiền vô làm ăn, lời nhiều lắm | opt:7
C who | Tui nỏ biết hắn là ai, hắn nói lung tung | opt:8
C who | hắn nói… [unk] | ? | slip
# South
S who | Nó nói nó ở ngân hàng, kêu cập nhật sinh trắc học | opt:2
S who | Nó nói bên công ty nước, cúp nước nhà tui | opt:3
S who | Xưng là shipper, giao hàng mà tui đâu có đặt | opt:5
S who | Nó giả thằng em bà con của tui | opt:6
S who | Hổng nhớ rõ nữa con | opt:8
S who | Nó nói ở trên ủy ban xã xuống | opt:1
S who | Nói lại mấy cái đó đi | repeat
# ---- a tutorial step (1 xong, 2 nghe chậm, 3 cần giúp, * nghe lại) ----
# North
N step | Rồi, tôi bấm vào cái hình tam giác rồi | opt:1
N step | Được rồi, nó hiện ra rồi | opt:1
N step | Nói từ từ thôi cô ơi, tôi theo không kịp | opt:2
N step | Tôi dò mãi chả thấy cái chữ ấy ở chỗ nào | opt:3
N step | Đợi tí, tôi đang tìm cái kính | notyet
N step | Nó đang quay quay, chưa xong | notyet
N step | Nói lại cái bước vừa rồi | repeat
N step | Ơ cái máy nó tắt phụt đi rồi, giờ làm thế nào | opt:3
N step | Thôi về mục chính | main_menu
N step | Xong rồi, sang bước sau đi | opt:1
N step | Đấy, nó ra cái ô để điền số rồi đấy | opt:1
N step | xong [unk] | ? | slip
# Centre
C step | Rồi, tui bấm rồi | opt:1
C step | Từ từ đã, tui chưa bấm kịp | notyet
C step | Nói chậm chậm cho tui với, tai tui nghễnh ngãng | opt:2
C step | Tui nỏ chộ cái nút mô hết | opt:3
C step | Nói lại cái bước ni coi | repeat
C step | Hắn hiện ra chữ chi đỏ đỏ, tui nỏ đọc được | opt:3
C step | Xong rồi, được rồi | opt:1
C step | Chờ tui chút, để tui kêu con tui đưa cái kính | notyet
C step | Tui lỡ bấm nhầm qua cái khác rồi, chừ mần răng | opt:3
C step | Quay lại bước trước đi | back
C step | Ừ ừ... tê... chưa, à rồi, rồi | opt:1
C step | noi tu tu thoi | opt:2 | slip
# South
S step | Rồi, nó hiện cái hình con mắt rồi | opt:1
S step | Nói chậm chậm giùm tui | opt:2
S step | Tui kiếm hoài hổng thấy | opt:3
S step | Khoan khoan, đợi tui chút | notyet
S step | Nãy giờ tui đang gõ số, chưa có xong | notyet
S step | Nói lại đi con, tui chưa nghe kịp | repeat
S step | Xong rồi đó, tiếp đi | opt:1
S step | Nó bắt nhập mật khẩu gì đó, tui hổng biết | opt:3
S step | Thôi, dìa mục chính | main_menu
S step | duoc roi | opt:1 | slip
S step | Ủa... cái gì... [unk] | ? | slip
# ---- end of a tutorial (1 học lại từ đầu, 0 bài khác, 9 mục chính) ----
# North
N restart | Tôi chưa thuộc, cho tôi làm lại cả bài từ bước một | opt:1
N restart | Học bài khác đi | back
N restart | Thôi về chỗ mục chính | main_menu
N restart | Thế là xong rồi à? Ờ, thôi được | ?
# Centre
C restart | Mần lại một lần nữa từ bước đầu tiên | opt:1
C restart | Chọn cái bài khác, bài tiền điện đó | back
C restart | Nói lại coi, bấm mấy | repeat
C restart | Ra ngoài cái mục chính | main_menu
# South
S restart | Làm lại cái bài này một lượt nữa đi, tui chưa thạo | opt:1
S restart | Qua bài khác đi con | back
S restart | Dìa chỗ ban đầu, cái mục chính đó | main_menu
S restart | bai khac | back | slip
# ---- recording review (1 giữ / gửi, nghe lại lời kể, 3 kể lại) ----
# North
N review | Ừ, thế được rồi, cứ để thế | opt:1
N review | Cho tôi nghe lại xem tôi nói có rõ không | opt:2
N review | Tôi nói lộn xộn quá, để tôi nói lại cho tử tế | opt:3
N review | Đừng gửi, tôi nói sai tên nó rồi | neg:1
N review | Giữ... à không, thôi khoan đã | ?
# Centre
C review | Được rồi, để rứa gửi cho tui | opt:1
C review | Mở cho tui nghe thử coi tui nói răng | opt:2
C review | Tui quên kể cái số tài khoản, cho tui kể lại | opt:3
C review | Nỏ gửi mô, nỏ gửi | neg:1
C review | Bấm mấy hè, nói lại cái phím coi | repeat
# South
S review | Ờ, vậy được rồi, cứ giữ vậy đi | opt:1
S review | Mở lại tui nghe coi | opt:2
S review | Hồi nãy tui khóc nói hổng rõ, cho tui nói lần nữa | opt:3
S review | Khoan gửi, đừng gửi nghen | neg:1
S review | gui di | opt:1 | slip
"""
