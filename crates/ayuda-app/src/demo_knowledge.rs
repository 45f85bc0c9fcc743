//! The demo help desk's knowledge base: help articles in English, Spanish and Italian that answer the demo
//! tickets, an internal article, training material and an announcement.

use std::collections::BTreeMap;

use ayuda_core::id::{AgentId, AnnouncementId, ArticleId, CategoryId};
use ayuda_core::knowledge::{
    Announcement, Article, ArticleStatus, ArticleTitle, Category, Translation, Visibility,
};
use ayuda_core::text::{Language, Name};
use jiff::Timestamp;

use crate::{App, AppError};

/// An article in up to three languages: (language, title, plain-text body).
struct DemoArticle {
    category: usize,
    visibility: Visibility,
    translations: &'static [(&'static str, &'static str, &'static str)],
}

const CATEGORIES: [[(&str, &str); 3]; 3] = [
    [
        ("en", "Printers"),
        ("es", "Impresoras"),
        ("it", "Stampanti"),
    ],
    [
        ("en", "Billing"),
        ("es", "Facturación"),
        ("it", "Fatturazione"),
    ],
    [
        ("en", "Orders and accounts"),
        ("es", "Pedidos y cuentas"),
        ("it", "Ordini e account"),
    ],
];

const ARTICLES: &[DemoArticle] = &[
    DemoArticle {
        category: 0,
        visibility: Visibility::Public,
        translations: &[
            (
                "en",
                "The printer prints blank pages",
                "If the printer feeds paper but the pages come out blank, the print heads are usually dry.\n\nOpen the maintenance menu, choose Cleaning cycle and wait until it ends. Print a test page. If the pages stay blank after two cycles, contact us and we will send a technician.",
            ),
            (
                "es",
                "La impresora imprime páginas en blanco",
                "Si la impresora toma el papel pero las hojas salen en blanco, normalmente los cabezales están secos.\n\nAbra el menú de mantenimiento, elija Ciclo de limpieza y espere a que termine. Imprima una página de prueba. Si las hojas siguen en blanco después de dos ciclos, escríbanos y le enviaremos un técnico.",
            ),
            (
                "it",
                "La stampante stampa pagine bianche",
                "Se la stampante prende la carta ma le pagine escono bianche, di solito le testine sono secche.\n\nApra il menu di manutenzione, scelga Ciclo di pulizia e attenda che finisca. Stampi una pagina di prova. Se le pagine restano bianche dopo due cicli, ci scriva e le invieremo un tecnico.",
            ),
        ],
    },
    DemoArticle {
        category: 1,
        visibility: Visibility::Public,
        translations: &[
            (
                "en",
                "Where to download your invoice",
                "Every invoice is in your account: open Account, then Orders, and choose Download invoice next to the order.\n\nInvoices appear once the payment is confirmed, usually within an hour.",
            ),
            (
                "es",
                "Dónde descargar su factura",
                "Todas las facturas están en su cuenta: abra Cuenta, luego Pedidos, y elija Descargar factura junto al pedido.\n\nLas facturas aparecen cuando se confirma el pago, normalmente en menos de una hora.",
            ),
            (
                "it",
                "Dove scaricare la fattura",
                "Ogni fattura è nel suo account: apra Account, poi Ordini, e scelga Scarica fattura accanto all'ordine.\n\nLe fatture compaiono quando il pagamento è confermato, di solito entro un'ora.",
            ),
        ],
    },
    DemoArticle {
        category: 1,
        visibility: Visibility::Public,
        translations: &[
            (
                "en",
                "Charged twice for one order",
                "A duplicate charge is usually a payment authorisation that your bank releases within 3 to 5 days.\n\nIf both charges are still on your statement after 5 days, send us the order number and we will refund the second one.",
            ),
            (
                "es",
                "Cargo duplicado o factura duplicada",
                "Un cargo duplicado suele ser una autorización de pago que su banco libera en 3 a 5 días.\n\nSi los dos cargos siguen en su extracto después de 5 días, envíenos el número de pedido y le devolveremos el segundo.",
            ),
            (
                "it",
                "Addebito doppio per un ordine",
                "Un addebito doppio di solito è un'autorizzazione di pagamento che la banca libera in 3-5 giorni.\n\nSe entrambi gli addebiti sono ancora nell'estratto conto dopo 5 giorni, ci invii il numero d'ordine e rimborseremo il secondo.",
            ),
        ],
    },
    DemoArticle {
        category: 2,
        visibility: Visibility::Public,
        translations: &[
            (
                "en",
                "Your order arrived damaged",
                "Take a photo of the box and of the damaged items, and reply to your order confirmation with them.\n\nWe send a replacement at no cost and claim the damage from the carrier ourselves.",
            ),
            (
                "es",
                "Su pedido llegó dañado",
                "Haga una foto de la caja y de los artículos dañados y responda con ellas al correo de confirmación del pedido.\n\nLe enviamos un reemplazo sin coste y reclamamos el daño al transportista nosotros mismos.",
            ),
            (
                "it",
                "L'ordine è arrivato danneggiato",
                "Fotografi la scatola e gli articoli danneggiati e risponda con le foto alla conferma d'ordine.\n\nInviamo una sostituzione senza costi e reclamiamo noi il danno al corriere.",
            ),
        ],
    },
    DemoArticle {
        category: 2,
        visibility: Visibility::Public,
        translations: &[
            (
                "en",
                "Signing in after a password reset",
                "After resetting your password, close every tab of the shop and sign in again with the new password.\n\nIf it is still refused, clear the browser's cookies for the shop or ask for a sign-in link.",
            ),
            (
                "es",
                "Iniciar sesión después de restablecer la contraseña",
                "Después de restablecer la contraseña, cierre todas las pestañas de la tienda e inicie sesión de nuevo con la contraseña nueva.\n\nSi sigue sin funcionar, borre las cookies de la tienda en el navegador o pida un enlace de acceso.",
            ),
            (
                "it",
                "Accedere dopo aver reimpostato la password",
                "Dopo aver reimpostato la password, chiuda tutte le schede del negozio e acceda di nuovo con la nuova password.\n\nSe l'accesso è ancora rifiutato, cancelli i cookie del negozio nel browser o chieda un link di accesso.",
            ),
        ],
    },
    DemoArticle {
        category: 1,
        visibility: Visibility::Internal,
        translations: &[
            (
                "en",
                "Refund approval limits",
                "Agents refund up to 100 euros without approval. Above that, a supervisor approves the refund in the ticket with an internal note.",
            ),
            (
                "es",
                "Límites para aprobar reembolsos",
                "Los agentes reembolsan hasta 100 euros sin aprobación. Por encima, un supervisor aprueba el reembolso en el ticket con una nota interna.",
            ),
        ],
    },
    DemoArticle {
        category: 2,
        visibility: Visibility::Training,
        translations: &[
            (
                "en",
                "Your first week at the help desk",
                "Read the help articles of each category, then shadow a colleague for two days.\n\nAnswer within four business hours, in the customer's language, and use an article whenever one fits.",
            ),
            (
                "es",
                "Su primera semana en el servicio de atención",
                "Lea los artículos de ayuda de cada categoría y acompañe a un compañero durante dos días.\n\nResponda en menos de cuatro horas laborables, en el idioma del cliente, y use un artículo siempre que encaje.",
            ),
            (
                "it",
                "La prima settimana all'assistenza",
                "Legga gli articoli di aiuto di ogni categoria, poi affianchi un collega per due giorni.\n\nRisponda entro quattro ore lavorative, nella lingua del cliente, e usi un articolo ogni volta che è adatto.",
            ),
        ],
    },
];

/// Seeds the knowledge base, written by `author` at `at`.
pub(crate) async fn seed_knowledge(
    app: &App,
    author: AgentId,
    at: Timestamp,
) -> Result<(), AppError> {
    let store = app.store();
    let mut categories = Vec::new();
    for (position, names) in CATEGORIES.iter().enumerate() {
        let mut named = BTreeMap::new();
        for (language, name) in names {
            named.insert(Language::parse(language)?, Name::parse(name)?);
        }
        let category = Category {
            id: CategoryId::generate(),
            parent: None,
            position: position as i32,
            names: named,
            created_at: at,
        };
        store.create_category(category.clone()).await?;
        categories.push(category.id);
    }
    for demo in ARTICLES {
        let mut translations = Vec::new();
        for (language, title, body) in demo.translations {
            let body_html = crate::knowledge::editor_html(body);
            translations.push(Translation {
                language: Language::parse(language)?,
                title: ArticleTitle::parse(title)?,
                body_text: (*body).to_owned(),
                body_html,
                status: ArticleStatus::Published,
                version: 1,
                author,
                updated_at: at,
            });
        }
        store
            .create_article(Article {
                id: ArticleId::generate(),
                category: categories.get(demo.category).copied(),
                visibility: demo.visibility,
                translations,
                attachments: Vec::new(),
                created_at: at,
                updated_at: at,
                views: 0,
                helpful: 0,
                unhelpful: 0,
                deflections: 0,
            })
            .await?;
    }
    store
        .create_announcement(Announcement {
            id: AnnouncementId::generate(),
            title: ArticleTitle::parse("The X300 blender launches next month")?,
            body_html: crate::knowledge::editor_html(
                "The X300 replaces the X200 from the first of next month. Its jug holds 2 litres and every part but the base is dishwasher safe.\n\nRetailers may order it now at the launch price.",
            ),
            author,
            published_at: at,
        })
        .await?;
    Ok(())
}
