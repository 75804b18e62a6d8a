#!/usr/bin/env python3
"""Write tests/fixtures/embed/own.jsonl: the hand-written part of the test corpus.

Each line is {"kind": "real" | "edge", "text": ...}. "real" sentences are
ordinary prose (English, Simplified and Traditional Chinese, Russian), partly
hand-written, partly composed from phrase lists with a fixed seed; "edge"
entries exercise the tokenizer (empty, whitespace, control characters, emoji,
full-width forms, very long lines, ...). All text here was written for this
test suite.
"""
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "..", "tests", "fixtures", "embed", "own.jsonl"))

EN = [
    "The river froze early this year, and the ferry stopped running in November.",
    "She opened the window, listened to the rain for a while, and went back to her notes.",
    "Our train was delayed by forty minutes because of a signal failure near the bridge.",
    "Please send the revised draft before Friday so that the committee can review it.",
    "He had never seen the sea before he turned twenty-five.",
    "The museum will be closed on Monday for maintenance.",
    "A small bakery on the corner sells bread that is still warm at seven in the morning.",
    "Nobody expected the negotiations to last more than a week.",
    "The delegates agreed to meet again in the spring to review progress.",
    "Water boils at a lower temperature at high altitude.",
    "I can't find my keys; have you seen them anywhere?",
    "The report covers trade, energy, transport and education.",
    "In 2019 the city planted more than ten thousand trees along its main avenues.",
    "They walked along the old wall until the sun went down.",
    "The library lends books, maps, and even musical instruments.",
    "Farmers in the valley grow rice, tea and a little tobacco.",
    "Prices rose by 3.5% in the first quarter, according to the statistics office.",
    "The ministers signed a joint statement on cooperation in science and technology.",
    "If the weather holds, we will climb the northern ridge tomorrow.",
    "The translation is faithful, but it reads a little stiffly in places.",
    "Children were playing football in the square while their parents talked.",
    "Dr. Smith's lecture on ancient trade routes was surprisingly popular.",
    "The company's profits fell sharply after the new regulations came into force.",
    "Both sides reaffirmed their commitment to peaceful dialogue.",
    "A cold wind blew from the mountains all night.",
    "The bridge, built in 1887, is still used by pedestrians and cyclists.",
    "Could you explain the difference between these two contracts?",
    "Every summer the festival attracts musicians from dozens of countries.",
    "The old man fed the pigeons and hummed a tune nobody recognised.",
    "E-mail the organisers at least two weeks in advance.",
]

ZH_HANS = [
    "今年的冬天来得特别早，河面在十一月就结了冰。",
    "她打开窗户，听了一会儿雨声，又回到了书桌前。",
    "由于信号故障，我们的火车晚点了四十分钟。",
    "请在星期五之前把修改稿发过来，以便委员会审阅。",
    "他直到二十五岁才第一次看到大海。",
    "博物馆星期一闭馆维修。",
    "街角的小面包店早上七点卖的面包还是热的。",
    "谁也没想到谈判会持续一个多星期。",
    "代表们同意明年春天再次会面，检查进展情况。",
    "在高海拔地区，水的沸点比较低。",
    "我找不到钥匙了，你看见了吗？",
    "报告涉及贸易、能源、交通和教育等领域。",
    "二〇一九年，这座城市在主干道两旁种了一万多棵树。",
    "他们沿着古城墙一直走到太阳落山。",
    "图书馆不仅借书，还出借地图甚至乐器。",
    "山谷里的农民种水稻、茶叶，还有少量烟草。",
    "据统计局称，第一季度物价上涨了3.5%。",
    "双方部长签署了关于科技合作的联合声明。",
    "如果天气不变，我们明天就去爬北边的山脊。",
    "这个译本很忠实，但有些地方读起来有点生硬。",
    "孩子们在广场上踢足球，父母们在一旁聊天。",
    "新规定生效后，公司的利润大幅下降。",
    "双方重申致力于和平对话。",
    "一整夜，冷风从山上吹下来。",
    "这座建于1887年的桥至今仍供行人和骑车的人使用。",
    "你能解释一下这两份合同有什么区别吗？",
    "每年夏天，音乐节都会吸引几十个国家的音乐家。",
    "老人一边喂鸽子，一边哼着一支没人听过的曲子。",
    "会议将于下午三点在第二会议室举行。",
    "这本书讲述了一个普通家庭在战争年代的故事。",
]

ZH_HANT = [
    "今年的冬天來得特別早，河面在十一月就結了冰。",
    "她打開窗戶，聽了一會兒雨聲，又回到了書桌前。",
    "由於信號故障，我們的火車晚點了四十分鐘。",
    "請在星期五之前把修改稿發過來，以便委員會審閱。",
    "他直到二十五歲才第一次看到大海。",
    "博物館星期一閉館維修。",
    "街角的小麵包店早上七點賣的麵包還是熱的。",
    "誰也沒想到談判會持續一個多星期。",
    "代表們同意明年春天再次會面，檢查進展情況。",
    "在高海拔地區，水的沸點比較低。",
    "我找不到鑰匙了，你看見了嗎？",
    "報告涉及貿易、能源、交通和教育等領域。",
    "二〇一九年，這座城市在主幹道兩旁種了一萬多棵樹。",
    "他們沿著古城牆一直走到太陽落山。",
    "圖書館不僅借書，還出借地圖甚至樂器。",
    "山谷裡的農民種水稻、茶葉，還有少量菸草。",
    "據統計局稱，第一季度物價上漲了3.5%。",
    "雙方部長簽署了關於科技合作的聯合聲明。",
    "如果天氣不變，我們明天就去爬北邊的山脊。",
    "這個譯本很忠實，但有些地方讀起來有點生硬。",
    "孩子們在廣場上踢足球，父母們在一旁聊天。",
    "新規定生效後，公司的利潤大幅下降。",
    "雙方重申致力於和平對話。",
    "一整夜，冷風從山上吹下來。",
    "這座建於1887年的橋至今仍供行人和騎車的人使用。",
    "你能解釋一下這兩份合同有什麼區別嗎？",
    "每年夏天，音樂節都會吸引幾十個國家的音樂家。",
    "老人一邊餵鴿子，一邊哼著一支沒人聽過的曲子。",
    "會議將於下午三點在第二會議室舉行。",
    "這本書講述了一個普通家庭在戰爭年代的故事。",
]

RU = [
    "В этом году река замёрзла рано, и паром перестал ходить уже в ноябре.",
    "Она открыла окно, немного послушала дождь и вернулась к своим записям.",
    "Наш поезд опоздал на сорок минут из-за неисправности сигнала у моста.",
    "Пожалуйста, пришлите исправленный проект до пятницы, чтобы комиссия успела его рассмотреть.",
    "Он впервые увидел море, когда ему исполнилось двадцать пять лет.",
    "В понедельник музей будет закрыт на техническое обслуживание.",
    "Маленькая пекарня на углу продаёт хлеб, который в семь утра ещё тёплый.",
    "Никто не ожидал, что переговоры продлятся больше недели.",
    "Делегаты договорились снова встретиться весной, чтобы оценить ход работы.",
    "На большой высоте вода кипит при более низкой температуре.",
    "Я не могу найти ключи — ты их нигде не видел?",
    "Доклад охватывает торговлю, энергетику, транспорт и образование.",
    "В 2019 году город посадил более десяти тысяч деревьев вдоль главных улиц.",
    "Они шли вдоль старой стены, пока не село солнце.",
    "Библиотека выдаёт книги, карты и даже музыкальные инструменты.",
    "Крестьяне в долине выращивают рис, чай и немного табака.",
    "По данным статистического ведомства, в первом квартале цены выросли на 3,5%.",
    "Министры подписали совместное заявление о сотрудничестве в области науки и техники.",
    "Если погода продержится, завтра мы поднимемся на северный хребет.",
    "Перевод точен, но местами читается немного тяжеловесно.",
    "Дети играли в футбол на площади, а родители разговаривали.",
    "После вступления в силу новых правил прибыль компании резко упала.",
    "Стороны подтвердили приверженность мирному диалогу.",
    "Всю ночь с гор дул холодный ветер.",
    "Мост, построенный в 1887 году, до сих пор используется пешеходами и велосипедистами.",
    "Не могли бы вы объяснить разницу между этими двумя договорами?",
    "Каждое лето фестиваль собирает музыкантов из десятков стран.",
    "Старик кормил голубей и напевал мелодию, которую никто не узнавал.",
    "Заседание состоится в три часа дня во втором зале.",
    "Эта книга рассказывает историю обычной семьи в годы войны.",
]

# phrase lists for composed sentences: (subject, verb phrase, object, time/place)
COMPOSE = {
    "en": (
        ["The committee", "My neighbour", "The government", "A young engineer", "The orchestra",
         "Our team", "The mayor", "A group of students", "The old fisherman", "The delegation"],
        ["discussed", "rejected", "prepared", "praised", "postponed", "translated", "published",
         "examined", "welcomed", "described"],
        ["the new budget", "a detailed plan", "the annual report", "the proposal", "a long letter",
         "the results of the survey", "an unusual request", "the draft agreement", "the old map",
         "a series of photographs"],
        ["last Tuesday.", "during the summer.", "in the capital.", "after a long debate.",
         "before the holidays.", "at the end of the meeting.", "without any comment.",
         "in front of the press.", "early in the morning.", "for the second time."],
        " ",
    ),
    "zh-Hans": (
        ["委员会", "我的邻居", "政府", "一位年轻工程师", "乐团", "我们的团队", "市长", "一群学生",
         "老渔夫", "代表团"],
        ["讨论了", "否决了", "准备了", "称赞了", "推迟了", "翻译了", "发表了", "审查了", "欢迎了", "描述了"],
        ["新的预算", "一份详细的计划", "年度报告", "这项提议", "一封长信", "调查结果", "一个不寻常的请求",
         "协议草案", "那张旧地图", "一组照片"],
        ["上星期二", "在夏天", "在首都", "经过长时间辩论后", "在假期之前", "在会议结束时", "没有任何评论地",
         "在记者面前", "一大早", "第二次"],
        "",
    ),
    "zh-Hant": (
        ["委員會", "我的鄰居", "政府", "一位年輕工程師", "樂團", "我們的團隊", "市長", "一群學生",
         "老漁夫", "代表團"],
        ["討論了", "否決了", "準備了", "稱讚了", "推遲了", "翻譯了", "發表了", "審查了", "歡迎了", "描述了"],
        ["新的預算", "一份詳細的計畫", "年度報告", "這項提議", "一封長信", "調查結果", "一個不尋常的請求",
         "協議草案", "那張舊地圖", "一組照片"],
        ["上星期二", "在夏天", "在首都", "經過長時間辯論後", "在假期之前", "在會議結束時", "沒有任何評論地",
         "在記者面前", "一大早", "第二次"],
        "",
    ),
    "ru": (
        ["Комитет", "Мой сосед", "Правительство", "Молодой инженер", "Оркестр", "Наша команда",
         "Мэр", "Группа студентов", "Старый рыбак", "Делегация"],
        ["обсудил", "отклонил", "подготовил", "похвалил", "отложил", "перевёл", "опубликовал",
         "изучил", "приветствовал", "описал"],
        ["новый бюджет", "подробный план", "годовой отчёт", "это предложение", "длинное письмо",
         "результаты опроса", "необычную просьбу", "проект соглашения", "старую карту",
         "серию фотографий"],
        ["в прошлый вторник.", "летом.", "в столице.", "после долгих споров.", "перед праздниками.",
         "в конце заседания.", "без всяких комментариев.", "перед журналистами.", "рано утром.",
         "во второй раз."],
        " ",
    ),
}


def composed(lang, rng, count):
    subj, verb, obj, tail, sep = COMPOSE[lang]
    out = set()
    while len(out) < count:
        s, v, o, t = rng.choice(subj), rng.choice(verb), rng.choice(obj), rng.choice(tail)
        if lang.startswith("zh"):
            out.add(f"{s}{t}{v}{o}。")
        else:
            out.add(sep.join([s, v, o, t]))
    return sorted(out)


def edge_cases():
    long_en = " ".join(EN * 12)  # several thousand characters
    long_zh = "".join(ZH_HANS * 40)
    long_ru = " ".join(RU * 10)
    long_mixed = "".join((ZH_HANT[i % len(ZH_HANT)] + " " + EN[i % len(EN)] + " ") for i in range(60))
    return [
        "",
        " ",
        "   ",
        "\t",
        "\n",
        " \t \n ",
        "\u3000",
        "\u3000\u3000全角空格开头",
        "a",
        "A",
        ".",
        "。",
        "?!",
        "😀",
        "I love it 😀👍🏽",
        "家庭👨‍👩‍👧‍👦照片",
        "🇨🇳🇷🇺🇺🇸",
        "ＡＢＣ　ｄｅｆ　１２３！？",
        "ｈｅｌｌｏ，ｗｏｒｌｄ",
        "全角数字２０２５年９月１日",
        "ｶﾀｶﾅ ﾃｽﾄ",
        "①②③ ⅫⅣ ㎞ ㍻ ﬁ ﬂ",
        "control\x00char",
        "bell\x07and\x1bescape",
        "tab\tseparated\tvalues",
        "line\nbreak",
        "carriage\r\nreturn",
        "zero\u200bwidth\u200cjoiners\u200d",
        "\u200b",
        "\ufeffBOM at start",
        "soft\u00adhyphen",
        "non\u00a0breaking\u00a0space",
        "right-to-left \u202eoverride\u202c text",
        "中文English混合Русский文本",
        "天津SCO峰会2025年9月1日在Tianjin举行",
        "В Пекине (北京) прошла встреча.",
        "café naïve coöperate résumé",
        "e\u0301 combining acute",
        "Ǆ ǅ ǆ ligature letters",
        "İstanbul ß ẞ",
        "   leading and trailing spaces   ",
        "multiple     internal      spaces",
        "<s> </s> <unk> tokens in text",
        "http://example.com/path?query=1&x=2",
        "user@example.org",
        "1234567890",
        "3.14159 2,718 1e-9 -42 +7 50%",
        "!!!???...,,,;;;",
        "『引號』「括號」《書名》〈篇名〉",
        "—— … ·",
        "ㄅㄆㄇㄈ 注音符號",
        "한국어 문장도 하나",
        "日本語の文も一つあります。",
        "Ελληνικά και עברית και العربية",
        "\U0001F600" * 50,
        "a" * 3000,
        "字" * 2500,
        long_en,
        long_zh,
        long_ru,
        long_mixed,
    ]


def main():
    rng = random.Random(20251123)
    rows = []
    for lang, lst in (("en", EN), ("zh-Hans", ZH_HANS), ("zh-Hant", ZH_HANT), ("ru", RU)):
        rows += [{"kind": "real", "lang": lang, "text": t} for t in lst]
    for lang in ("en", "zh-Hans", "zh-Hant", "ru"):
        rows += [{"kind": "real", "lang": lang, "text": t} for t in composed(lang, rng, 60)]
    rows += [{"kind": "edge", "lang": "mixed", "text": t} for t in edge_cases()]
    with open(OUT, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} entries to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
