/// The /Encrypt dictionary of the standard security handler, revision 6 (ISO 32000-2 §7.6.4 tables
/// 20 and 21, §7.6.5 table 25 for the crypt filter). Written in the clear (§7.6.2).
enum EncryptDictionary {
    static func value(_ e: PDFEncryption) -> PDFValue {
        let d = e.dictionary
        return .dict([
            ("Filter", .name("Standard")),
            ("V", .int(5)),
            ("R", .int(6)),
            ("Length", .int(256)),
            ("CF", .dict([("StdCF", .dict([("Type", .name("CryptFilter")), ("CFM", .name("AESV3")), ("AuthEvent", .name("DocOpen")), ("Length", .int(32))]))])),
            ("StmF", .name("StdCF")),
            ("StrF", .name("StdCF")),
            ("O", .hex(d.o)),
            ("U", .hex(d.u)),
            ("OE", .hex(d.oe)),
            ("UE", .hex(d.ue)),
            ("P", .int(Int(d.p))),
            ("Perms", .hex(d.perms)),
        ])
    }
}
