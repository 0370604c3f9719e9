/// Extra passport spellings accepted for a character **in the surname field only**
/// (domain.md §2.2, "passport (surname)" column of the polyphonic-surname table).
///
/// The "differs" rows are the ones that matter (Unihan's common reading gives other letters:
/// 单 SHAN, not DAN); the "same letters" rows are listed for completeness. Given names are read
/// normally (欧阳乐乐 is OUYANG LELE, domain.md §2.2), so these never apply to given names.
let surnameReadings: [Character: [String]] = [
    // "differs" rows
    "单": ["SHAN"], "曾": ["ZENG"], "区": ["OU"], "仇": ["QIU"], "解": ["XIE"], "查": ["ZHA"],
    "朴": ["PIAO"], "翟": ["ZHAI"], "乐": ["YUE"], "覃": ["QIN"], "召": ["SHAO"], "繁": ["PO"],
    "折": ["SHE"], "黑": ["HE"], "盖": ["GE"], "缪": ["MIAO"], "种": ["CHONG"], "秘": ["BI"],
    "阚": ["KAN"], "乜": ["NIE"], "句": ["GOU"], "员": ["YUN"], "能": ["NAI"], "都": ["DU"],
    "薄": ["BO"],
    // "same letters" rows
    "隗": ["KUI"], "沈": ["SHEN"], "石": ["SHI"], "柏": ["BAI"], "牟": ["MOU"], "宿": ["SU"],
    "谌": ["CHEN"], "逄": ["PANG"], "佘": ["SHE"], "任": ["REN"], "华": ["HUA"], "纪": ["JI"],
    "尉": ["WEI"], "那": ["NA"], "过": ["GUO"], "燕": ["YAN"],
]
