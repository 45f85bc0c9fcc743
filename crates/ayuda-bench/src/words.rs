//! Generated text in English, Spanish and Italian for the search benchmark: help desk words drawn with a
//! skewed distribution (a few words are everywhere, most are rare), plus order codes, so the index holds a
//! vocabulary and posting lists shaped like a real help desk's.

/// The three languages, in the order tickets cycle through them.
pub const LANGUAGES: [&str; 3] = ["en", "es", "it"];

const ENGLISH: &[&str] = &[
    "order",
    "invoice",
    "printer",
    "delivery",
    "refund",
    "account",
    "password",
    "payment",
    "package",
    "broken",
    "missing",
    "charged",
    "twice",
    "replacement",
    "warranty",
    "shipping",
    "address",
    "blender",
    "screen",
    "battery",
    "cable",
    "charger",
    "update",
    "login",
    "error",
    "message",
    "customer",
    "discount",
    "price",
    "quote",
    "wholesale",
    "retailer",
    "return",
    "label",
    "courier",
    "tracking",
    "number",
    "damaged",
    "glass",
    "kettle",
    "toaster",
    "fridge",
    "washing",
    "machine",
    "noise",
    "leaking",
    "water",
    "filter",
    "subscription",
    "cancel",
    "renewal",
    "coupon",
    "voucher",
    "gift",
    "card",
    "bank",
    "transfer",
    "receipt",
    "manual",
    "instructions",
    "install",
    "firmware",
    "bluetooth",
    "wireless",
    "router",
    "signal",
    "slow",
    "overheating",
    "smell",
    "burning",
    "button",
    "stuck",
    "drawer",
    "handle",
    "scratch",
    "colour",
    "size",
    "exchange",
    "complaint",
    "manager",
    "urgent",
    "appointment",
    "technician",
    "visit",
    "schedule",
];

const SPANISH: &[&str] = &[
    "pedido",
    "factura",
    "impresora",
    "entrega",
    "reembolso",
    "cuenta",
    "contraseña",
    "pago",
    "paquete",
    "roto",
    "falta",
    "cobrado",
    "duplicado",
    "sustitución",
    "garantía",
    "envío",
    "dirección",
    "batidora",
    "pantalla",
    "batería",
    "cable",
    "cargador",
    "actualización",
    "acceso",
    "error",
    "mensaje",
    "cliente",
    "descuento",
    "precio",
    "presupuesto",
    "mayorista",
    "minorista",
    "devolución",
    "etiqueta",
    "mensajero",
    "seguimiento",
    "número",
    "dañado",
    "vaso",
    "hervidor",
    "tostadora",
    "nevera",
    "lavadora",
    "ruido",
    "fuga",
    "agua",
    "filtro",
    "suscripción",
    "cancelar",
    "renovación",
    "cupón",
    "vale",
    "regalo",
    "tarjeta",
    "banco",
    "transferencia",
    "recibo",
    "manual",
    "instrucciones",
    "instalar",
    "inalámbrico",
    "router",
    "señal",
    "lento",
    "sobrecalentamiento",
    "olor",
    "quemado",
    "botón",
    "atascado",
    "cajón",
    "asa",
    "arañazo",
    "color",
    "talla",
    "cambio",
    "queja",
    "responsable",
    "urgente",
    "cita",
    "técnico",
    "visita",
    "facturación",
    "impresoras",
    "facturas",
    "pedidos",
];

const ITALIAN: &[&str] = &[
    "ordine",
    "fattura",
    "stampante",
    "consegna",
    "rimborso",
    "account",
    "password",
    "pagamento",
    "pacco",
    "rotto",
    "mancante",
    "addebitato",
    "doppio",
    "sostituzione",
    "garanzia",
    "spedizione",
    "indirizzo",
    "frullatore",
    "schermo",
    "batteria",
    "cavo",
    "caricatore",
    "aggiornamento",
    "accesso",
    "errore",
    "messaggio",
    "cliente",
    "sconto",
    "prezzo",
    "preventivo",
    "grossista",
    "rivenditore",
    "reso",
    "etichetta",
    "corriere",
    "tracciamento",
    "numero",
    "danneggiato",
    "bicchiere",
    "bollitore",
    "tostapane",
    "frigorifero",
    "lavatrice",
    "rumore",
    "perdita",
    "acqua",
    "filtro",
    "abbonamento",
    "annullare",
    "rinnovo",
    "buono",
    "regalo",
    "carta",
    "banca",
    "bonifico",
    "ricevuta",
    "manuale",
    "istruzioni",
    "installare",
    "firmware",
    "wireless",
    "router",
    "segnale",
    "lento",
    "surriscaldamento",
    "odore",
    "bruciato",
    "pulsante",
    "bloccato",
    "cassetto",
    "maniglia",
    "graffio",
    "colore",
    "taglia",
    "cambio",
    "reclamo",
    "responsabile",
    "urgente",
    "appuntamento",
    "tecnico",
    "visita",
    "fatture",
    "stampanti",
    "ordini",
];

/// Function words that make text read like text (and that the analyser drops).
const GLUE: [&[&str]; 3] = [
    &[
        "the", "my", "is", "and", "was", "not", "for", "with", "again", "since", "please",
    ],
    &[
        "el", "la", "mi", "es", "y", "no", "para", "con", "otra", "vez", "desde", "por", "favor",
    ],
    &[
        "il", "la", "mio", "è", "e", "non", "per", "con", "ancora", "da", "grazie",
    ],
];

/// The help desk words of `language`, most frequent first.
pub fn vocabulary(language: usize) -> &'static [&'static str] {
    [ENGLISH, SPANISH, ITALIAN][language % 3]
}

/// A small deterministic random source (xorshift), so every run generates the same data.
pub struct Dice(pub u64);

impl Dice {
    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }

    /// An index below `n`, small ones much likelier: word frequencies in text fall off like this.
    pub fn skewed(&mut self, n: usize) -> usize {
        let u = self.below(1 << 20) as f64 / f64::from(1 << 20);
        ((u * u * u) * n as f64) as usize
    }
}

/// `words` help desk words of `language` mixed with function words, and now and then an order code.
pub fn text(dice: &mut Dice, language: usize, words: usize) -> String {
    let vocabulary = vocabulary(language);
    let glue = GLUE[language % 3];
    let mut out = String::new();
    for i in 0..words {
        if i > 0 {
            out.push(' ');
        }
        match dice.below(10) {
            0..=3 => out.push_str(glue[dice.below(glue.len())]),
            4 if dice.below(4) == 0 => out.push_str(&format!("A{}", 100_000 + dice.below(900_000))),
            _ => out.push_str(vocabulary[dice.skewed(vocabulary.len())]),
        }
    }
    out
}

/// A subject: a few words, capitalised.
pub fn subject(dice: &mut Dice, language: usize) -> String {
    let words = 3 + dice.below(5);
    let mut subject = text(dice, language, words);
    if let Some(first) = subject.get(..1) {
        subject = first.to_uppercase() + &subject[1..];
    }
    subject
}
