//! Demo data: a believable multilingual help desk for newcomers, seeded into an empty database by
//! `ayuda serve --demo`: four groups, agents who speak English, Spanish and Italian, organizations of every
//! kind, and a few hundred tickets across all channels and statuses, back-dated over the last two months.
//!
//! The data is generated from a fixed seed, so every demo looks the same and screenshots stay comparable.

use std::collections::BTreeMap;
use std::fmt;

use ayuda_core::agent::{Agent, Group, Role};
use ayuda_core::contact::{
    Contact, Domain, EmailAddress, Identity, IdentityKind, Organization, OrganizationKind,
    ServiceTier,
};
use ayuda_core::event::{Change, TicketEvent, Via};
use ayuda_core::id::{
    AgentId, ContactId, GroupId, MessageId, OrganizationId, TicketId, TicketNumber,
};
use ayuda_core::message::{Author, Direction, Message, MessageKind};
use ayuda_core::text::{Language, Name, Tag};
use ayuda_core::ticket::{
    Channel, FieldChange, Priority, Status, Ticket, TicketSubject, TicketType,
};
use ayuda_core::{FieldError, Timestamp};
use ayuda_store::{EmailEffects, NewTicket, Requester, TicketWrite};
use jiff::SignedDuration;

use crate::{App, AppError};

/// The password of every demo agent. Demo data is for trying Ayuda out, never for production.
pub const DEMO_PASSWORD: &str = "ayuda-demo-2026";

/// The demo administrator's email, for `ayuda token create --email admin@ayuda.demo`.
pub const DEMO_ADMIN: &str = "admin@ayuda.demo";

/// How many tickets the demo seeds.
const TICKETS: usize = 300;

/// A demo agent: name, email, role, languages and groups.
type DemoAgent<'a> = (&'a str, &'a str, Role, &'a [&'a str], &'a [GroupId]);

/// What was seeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoSummary {
    pub groups: usize,
    pub agents: usize,
    pub organizations: usize,
    pub contacts: usize,
    pub tickets: usize,
}

impl fmt::Display for DemoSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} groups, {} agents, {} organizations, {} contacts, {} tickets",
            self.groups, self.agents, self.organizations, self.contacts, self.tickets
        )
    }
}

/// A small deterministic generator (xorshift), so the demo needs no randomness crate and is repeatable.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A ticket idea in one language: the type, subject, the customer's first message and the agent's answer.
struct Template {
    ticket_type: TicketType,
    subject: &'static str,
    body: &'static str,
    answer: &'static str,
    tags: &'static [&'static str],
}

const fn t(
    ticket_type: TicketType,
    subject: &'static str,
    body: &'static str,
    answer: &'static str,
    tags: &'static [&'static str],
) -> Template {
    Template {
        ticket_type,
        subject,
        body,
        answer,
        tags,
    }
}

const ENGLISH: &[Template] = &[
    t(
        TicketType::Incident,
        "The printer only prints blank pages",
        "Since this morning our office printer feeds paper but every page comes out blank. We already replaced the toner.",
        "Thanks for the details. Please run the cleaning cycle from the maintenance menu; if pages stay blank we will send a technician.",
        &["printer", "hardware"],
    ),
    t(
        TicketType::Question,
        "Where can I download my invoice?",
        "I paid for my order last week but I cannot find the invoice in my account.",
        "Invoices are under Account, then Orders, then Download invoice. I have also attached it to this reply.",
        &["invoice"],
    ),
    t(
        TicketType::Complaint,
        "Order arrived damaged",
        "The box was crushed and two of the glasses inside are broken. This is the second time.",
        "I am sorry about this. A replacement is on its way at no cost and we have raised the issue with the carrier.",
        &["shipping", "damaged"],
    ),
    t(
        TicketType::SalesInquiry,
        "Volume discount for 200 units?",
        "We are a retailer interested in ordering 200 units each quarter. Do you offer volume pricing?",
        "Yes: from 100 units we offer tiered pricing. I have sent our wholesale price list to your email.",
        &["pricing", "wholesale"],
    ),
    t(
        TicketType::Problem,
        "Login fails after password reset",
        "After resetting my password the site keeps saying my credentials are wrong.",
        "We found a caching issue affecting password resets and fixed it. Please try signing in again.",
        &["login"],
    ),
    t(
        TicketType::Task,
        "Please update our billing address",
        "Our company moved. The new billing address is 12 Harbour Street, Leeds.",
        "Done: the billing address is updated for all future invoices.",
        &["billing", "account"],
    ),
    t(
        TicketType::Question,
        "Is the blender dishwasher safe?",
        "Can I put the jug of the X200 blender in the dishwasher?",
        "The jug and lid are dishwasher safe on the top rack; the base must only be wiped clean.",
        &["product"],
    ),
    t(
        TicketType::Complaint,
        "Charged twice for one order",
        "My card statement shows two charges of 89.90 for the same order.",
        "You are right, the second charge was an error. The refund was issued today and takes 3 to 5 days.",
        &["refund", "billing"],
    ),
];

const SPANISH: &[Template] = &[
    t(
        TicketType::Incident,
        "La impresora imprime páginas en blanco",
        "Desde esta mañana la impresora de la oficina saca todas las hojas en blanco. Ya cambiamos el tóner.",
        "Gracias por los detalles. Ejecute el ciclo de limpieza desde el menú de mantenimiento; si sigue igual enviaremos un técnico.",
        &["impresora", "hardware"],
    ),
    t(
        TicketType::Question,
        "¿Dónde descargo mi factura?",
        "Pagué mi pedido la semana pasada pero no encuentro la factura en mi cuenta.",
        "Las facturas están en Cuenta, Pedidos, Descargar factura. También se la adjunto en esta respuesta.",
        &["factura"],
    ),
    t(
        TicketType::Complaint,
        "El pedido llegó dañado",
        "La caja llegó aplastada y dos de los vasos están rotos. Es la segunda vez que pasa.",
        "Lamento mucho lo ocurrido. Le enviamos un reemplazo sin coste y hemos avisado a la empresa de transporte.",
        &["envio", "dañado"],
    ),
    t(
        TicketType::SalesInquiry,
        "Descuento por volumen para 200 unidades",
        "Somos una tienda y queremos pedir 200 unidades cada trimestre. ¿Tienen precios por volumen?",
        "Sí, a partir de 100 unidades aplicamos precios escalonados. Le he enviado la tarifa mayorista por correo.",
        &["precios", "mayorista"],
    ),
    t(
        TicketType::Problem,
        "No puedo entrar tras cambiar la contraseña",
        "Después de restablecer la contraseña la web dice que mis datos son incorrectos.",
        "Detectamos un problema de caché en el cambio de contraseña y ya está corregido. Pruebe de nuevo, por favor.",
        &["acceso"],
    ),
    t(
        TicketType::Task,
        "Actualizar la dirección de facturación",
        "Nos hemos mudado. La nueva dirección es Calle Mayor 25, Valencia.",
        "Hecho: la dirección de facturación está actualizada para las próximas facturas.",
        &["facturacion", "cuenta"],
    ),
    t(
        TicketType::Question,
        "¿Cuánto tarda un envío a Canarias?",
        "Quiero saber el plazo de entrega para un pedido a Las Palmas.",
        "Los envíos a Canarias tardan de 4 a 6 días laborables por el despacho de aduanas.",
        &["envio"],
    ),
    t(
        TicketType::Complaint,
        "Me han cobrado dos veces",
        "En el extracto aparecen dos cargos de 89,90 por el mismo pedido.",
        "Tiene razón, el segundo cargo fue un error. Hemos emitido la devolución hoy; tarda de 3 a 5 días.",
        &["reembolso", "facturacion"],
    ),
];

const ITALIAN: &[Template] = &[
    t(
        TicketType::Incident,
        "La stampante stampa pagine bianche",
        "Da stamattina la stampante dell'ufficio fa uscire solo fogli bianchi. Abbiamo già cambiato il toner.",
        "Grazie per i dettagli. Avvii il ciclo di pulizia dal menu di manutenzione; se non basta mandiamo un tecnico.",
        &["stampante", "hardware"],
    ),
    t(
        TicketType::Question,
        "Dove scarico la fattura?",
        "Ho pagato l'ordine la settimana scorsa ma non trovo la fattura nel mio account.",
        "Le fatture sono in Account, Ordini, Scarica fattura. Gliela allego anche a questa risposta.",
        &["fattura"],
    ),
    t(
        TicketType::Complaint,
        "L'ordine è arrivato danneggiato",
        "Il pacco era schiacciato e due bicchieri sono rotti. È la seconda volta.",
        "Mi dispiace molto. Le spediamo una sostituzione gratuita e abbiamo segnalato il problema al corriere.",
        &["spedizione", "danneggiato"],
    ),
    t(
        TicketType::SalesInquiry,
        "Sconto per 200 pezzi?",
        "Siamo un grossista e vorremmo ordinare 200 pezzi ogni trimestre. Avete prezzi per quantità?",
        "Sì, da 100 pezzi applichiamo prezzi a scaglioni. Le ho inviato il listino all'ingrosso via email.",
        &["prezzi", "ingrosso"],
    ),
    t(
        TicketType::Problem,
        "Accesso negato dopo il reset della password",
        "Dopo aver reimpostato la password il sito dice che le credenziali sono sbagliate.",
        "Abbiamo trovato e corretto un problema di cache sul reset della password. Riprovi ad accedere, per favore.",
        &["accesso"],
    ),
    t(
        TicketType::Task,
        "Aggiornare l'indirizzo di fatturazione",
        "Ci siamo trasferiti. Il nuovo indirizzo è Via Roma 10, Torino.",
        "Fatto: l'indirizzo di fatturazione è aggiornato per le prossime fatture.",
        &["fatturazione", "account"],
    ),
    t(
        TicketType::Question,
        "Quanto dura la garanzia?",
        "Ho comprato una macchina del caffè a marzo. Fino a quando è coperta dalla garanzia?",
        "La garanzia dura due anni dalla data di acquisto, quindi fino a marzo di due anni dopo.",
        &["garanzia"],
    ),
    t(
        TicketType::Complaint,
        "Addebito doppio sulla carta",
        "Sull'estratto conto vedo due addebiti di 89,90 per lo stesso ordine.",
        "Ha ragione, il secondo addebito era un errore. Il rimborso è partito oggi e arriva in 3-5 giorni.",
        &["rimborso", "fatturazione"],
    ),
];

fn name(raw: &str) -> Result<Name, FieldError> {
    Name::parse(raw)
}

impl App {
    fn demo_contact(
        &self,
        name_text: &str,
        email: &str,
        language: &str,
        organization: Option<OrganizationId>,
        at: Timestamp,
    ) -> Result<Contact, FieldError> {
        let email = EmailAddress::parse(email)?;
        Ok(Contact {
            id: ContactId::generate(),
            name: name(name_text)?,
            identities: vec![Identity::email(&email)],
            language: Some(Language::parse(language)?),
            time_zone: None,
            organization_id: organization,
            notes: String::new(),
            custom_fields: BTreeMap::new(),
            created_at: at,
            updated_at: at,
        })
    }
}

/// Seeds the demo into an empty database; returns `None` and changes nothing when there is data already.
pub async fn seed(app: &App) -> Result<Option<DemoSummary>, AppError> {
    let store = app.store();
    if !store.list_groups(None, 1).await?.items.is_empty()
        || !store.list_agents(None, 1).await?.items.is_empty()
    {
        return Ok(None);
    }
    let now = app.clock().now();
    let start = now - SignedDuration::from_hours(24 * 60);
    let mut dice = Dice(0x5eed_a1d0_2026);

    let mut groups = Vec::new();
    for (group_name, description) in [
        (
            "Sales",
            "Quotes, offers and orders from consumers, retailers and wholesalers",
        ),
        (
            "Technical support",
            "Products that do not work as they should",
        ),
        ("Billing", "Invoices, payments and refunds"),
        (
            "Complaints",
            "Unhappy customers, handled with care by senior staff",
        ),
    ] {
        let group = Group {
            id: GroupId::generate(),
            name: name(group_name)?,
            description: description.into(),
            created_at: start,
            updated_at: start,
        };
        groups.push(store.create_group(group).await?);
    }
    let [sales, technical, billing, complaints] = [0, 1, 2, 3].map(|i| groups[i].id);

    let password_hash = app.hash_password(DEMO_PASSWORD).await?;
    let people: [DemoAgent; 9] = [
        (
            "Ada Admin",
            DEMO_ADMIN,
            Role::Admin,
            &["en", "es", "it"],
            &[sales, technical, billing, complaints],
        ),
        (
            "Sofía Martínez",
            "sofia@ayuda.demo",
            Role::Supervisor,
            &["es", "en"],
            &[complaints, billing],
        ),
        (
            "Marco Bianchi",
            "marco@ayuda.demo",
            Role::Supervisor,
            &["it", "en"],
            &[technical, sales],
        ),
        (
            "Emma Clarke",
            "emma@ayuda.demo",
            Role::Agent,
            &["en"],
            &[technical],
        ),
        (
            "Javier Ruiz",
            "javier@ayuda.demo",
            Role::Agent,
            &["es"],
            &[technical, billing],
        ),
        (
            "Giulia Romano",
            "giulia@ayuda.demo",
            Role::Agent,
            &["it", "es"],
            &[billing, complaints],
        ),
        (
            "Liam Walsh",
            "liam@ayuda.demo",
            Role::Agent,
            &["en", "es"],
            &[sales],
        ),
        (
            "Lucía Fernández",
            "lucia@ayuda.demo",
            Role::Agent,
            &["es", "it"],
            &[sales, complaints],
        ),
        (
            "Paolo Conti",
            "paolo@ayuda.demo",
            Role::Agent,
            &["it"],
            &[technical, complaints],
        ),
    ];
    let mut agents: Vec<Agent> = Vec::new();
    for (agent_name, email, role, languages, group_ids) in people {
        let agent = Agent {
            id: AgentId::generate(),
            email: EmailAddress::parse(email)?,
            name: name(agent_name)?,
            role,
            group_ids: group_ids.to_vec(),
            skills: vec!["returns".into()],
            languages: languages
                .iter()
                .map(|l| Language::parse(l))
                .collect::<Result<_, _>>()?,
            active: true,
            created_at: start,
            updated_at: start,
        };
        agents.push(
            store
                .create_agent(agent, Some(password_hash.clone()))
                .await?,
        );
    }

    let orgs: [(&str, OrganizationKind, ServiceTier, &str, bool); 6] = [
        (
            "Tiendas Sol",
            OrganizationKind::Retailer,
            ServiceTier::Premium,
            "tiendassol.example",
            true,
        ),
        (
            "Grossisti Rossi",
            OrganizationKind::Wholesaler,
            ServiceTier::Enterprise,
            "grossistirossi.example",
            true,
        ),
        (
            "Northwind Retail",
            OrganizationKind::Retailer,
            ServiceTier::Standard,
            "northwind.example",
            false,
        ),
        (
            "Mayorista del Norte",
            OrganizationKind::Wholesaler,
            ServiceTier::Standard,
            "mayoristanorte.example",
            false,
        ),
        (
            "Private customers",
            OrganizationKind::Consumer,
            ServiceTier::Basic,
            "mail.example",
            false,
        ),
        (
            "Biblioteca Civica",
            OrganizationKind::Other,
            ServiceTier::Basic,
            "biblioteca.example",
            false,
        ),
    ];
    let mut organizations = Vec::new();
    for (org_name, kind, tier, domain, shared) in orgs {
        let organization = Organization {
            id: OrganizationId::generate(),
            name: name(org_name)?,
            kind,
            service_tier: tier,
            domains: vec![Domain::parse(domain)?],
            shared_tickets: shared,
            notes: String::new(),
            custom_fields: BTreeMap::new(),
            created_at: start,
            updated_at: start,
        };
        organizations.push(store.create_organization(organization).await?);
    }

    // (name, local part, language, organization index)
    let customers: &[(&str, &str, &str, usize)] = &[
        ("Carmen López", "carmen", "es", 0),
        ("Diego Sánchez", "diego", "es", 0),
        ("Elena Torres", "elena", "es", 3),
        ("Pablo Navarro", "pablo", "es", 3),
        ("Marta Gil", "marta.gil", "es", 4),
        ("Andrés Moreno", "andres", "es", 4),
        ("Francesca Ricci", "francesca", "it", 1),
        ("Luca Greco", "luca", "it", 1),
        ("Chiara Galli", "chiara", "it", 5),
        ("Matteo Costa", "matteo", "it", 4),
        ("Sara Fontana", "sara.f", "it", 4),
        ("Davide Moretti", "davide", "it", 1),
        ("Olivia Brown", "olivia", "en", 2),
        ("James Wilson", "james", "en", 2),
        ("Grace Taylor", "grace", "en", 4),
        ("Noah Evans", "noah", "en", 4),
        ("Amelia Hughes", "amelia", "en", 2),
        ("Henry Wright", "henry", "en", 4),
    ];
    let mut contacts = Vec::new();
    for (contact_name, local, language, org) in customers {
        let organization = &organizations[*org];
        let email = format!("{local}@{}", organization.domains[0].as_str());
        let contact =
            app.demo_contact(contact_name, &email, language, Some(organization.id), start)?;
        contacts.push(store.create_contact(contact).await?);
    }
    // A walk-in customer known only by phone.
    let mut visitor = app.demo_contact(
        "Rosa Díaz",
        "rosa.diaz@mail.example",
        "es",
        Some(organizations[4].id),
        start,
    )?;
    visitor
        .identities
        .push(Identity::parse(IdentityKind::Phone, "+34 600 123 456")?);
    contacts.push(store.create_contact(visitor).await?);
    // Every demo customer can sign in to the portal with the demo password. One hash serves them all:
    // hashing is deliberately slow, and these accounts guard nothing.
    let portal_hash = app.hash_password(DEMO_PASSWORD).await?;
    for contact in &contacts {
        store
            .set_customer_password(contact.id, &portal_hash, start)
            .await?;
    }

    let statuses = [
        Status::New,
        Status::Open,
        Status::Open,
        Status::Pending,
        Status::OnHold,
        Status::Solved,
        Status::Solved,
        Status::Closed,
    ];
    let mut new_tickets = Vec::with_capacity(TICKETS);
    let mut answers = Vec::with_capacity(TICKETS);
    for i in 0..TICKETS {
        let contact = dice.pick(&contacts);
        let language = contact.language.clone().unwrap_or_else(Language::english);
        let templates = match language.primary() {
            "es" => SPANISH,
            "it" => ITALIAN,
            _ => ENGLISH,
        };
        let template = dice.pick(templates);
        let channel = *dice.pick(Channel::ALL);
        let status = *dice.pick(&statuses);
        let group_id = match template.ticket_type {
            TicketType::SalesInquiry => sales,
            TicketType::Complaint => complaints,
            TicketType::Incident | TicketType::Problem => technical,
            TicketType::Question | TicketType::Task => *dice.pick(&[billing, technical]),
        };
        let speakers: Vec<&Agent> = agents
            .iter()
            .filter(|a| a.group_ids.contains(&group_id) && a.languages.contains(&language))
            .collect();
        let assignee =
            (status != Status::New && !speakers.is_empty()).then(|| dice.pick(&speakers).id);
        // Spread over two months, older tickets more often settled.
        let age = SignedDuration::from_mins((dice.below(60 * 24 * 60) as i64).max(30));
        let created_at = now - age;
        let priority = match template.ticket_type {
            TicketType::Complaint => {
                *dice.pick(&[Priority::High, Priority::Urgent, Priority::Normal])
            }
            _ => *dice.pick(&[
                Priority::Low,
                Priority::Normal,
                Priority::Normal,
                Priority::High,
            ]),
        };
        let ticket = Ticket {
            id: TicketId::generate(),
            number: TicketNumber(0),
            subject: TicketSubject::parse(template.subject)?,
            status: Status::New,
            priority,
            ticket_type: template.ticket_type,
            channel,
            requester_id: contact.id,
            organization_id: contact.organization_id,
            group_id: Some(group_id),
            assignee_id: assignee,
            tags: template
                .tags
                .iter()
                .map(|t| Tag::parse(t))
                .collect::<Result<_, _>>()?,
            custom_fields: BTreeMap::new(),
            language: language.clone(),
            links: Vec::new(),
            merged_into: None,
            created_at,
            updated_at: created_at,
            first_response_at: None,
            solved_at: None,
            sla: None,
            category_id: None,
            insight: Default::default(),
            version: 1,
        };
        let kind = MessageKind::first_for(channel);
        let message = Message {
            id: MessageId::generate(),
            ticket_id: ticket.id,
            kind,
            internal: false,
            direction: Direction::Inbound,
            author: Author::Contact(contact.id),
            channel,
            body_text: template.body.to_owned(),
            body_html: None,
            external_id: None,
            attachments: Vec::new(),
            created_at,
        };
        let via = if matches!(channel, Channel::Email) {
            Via::Email
        } else {
            Via::Ui
        };
        let events = vec![TicketEvent::new(
            ticket.id,
            Author::Contact(contact.id),
            via,
            Change::Created,
            created_at,
        )];
        new_tickets.push(NewTicket {
            ticket,
            requester: Requester::Existing(contact.id),
            message,
            events,
            email: EmailEffects::default(),
            notifications: Vec::new(),
        });
        answers.push((status, assignee, template.answer, age, i));
    }
    let created = store.create_tickets(new_tickets).await?;

    // Move tickets along: the assigned agent answers, then the ticket reaches its demo status.
    let mut writes = tokio::task::JoinSet::new();
    for (created, (status, assignee, answer, age, i)) in created.into_iter().zip(answers) {
        let (Some(agent), true) = (assignee, status != Status::New) else {
            continue;
        };
        let mut ticket = created.ticket;
        let answered_at = ticket.created_at
            + SignedDuration::from_mins(((i % 240) as i64 + 5).min(age.as_mins() / 2).max(1));
        let reply = Message {
            id: MessageId::generate(),
            ticket_id: ticket.id,
            kind: MessageKind::Reply,
            internal: false,
            direction: Direction::Outbound,
            author: Author::Agent(agent),
            channel: if matches!(ticket.channel, Channel::Phone) {
                Channel::Phone
            } else {
                Channel::Email
            },
            body_text: answer.to_owned(),
            body_html: None,
            external_id: None,
            attachments: Vec::new(),
            created_at: answered_at,
        };
        let mut events = vec![TicketEvent::new(
            ticket.id,
            Author::Agent(agent),
            Via::Ui,
            Change::MessageAdded {
                message_id: reply.id,
                kind: MessageKind::Reply,
                internal: false,
            },
            answered_at,
        )];
        let change = FieldChange {
            field: "status".into(),
            from: Some("new".into()),
            to: Some(status.as_str().into()),
        };
        events.push(TicketEvent::new(
            ticket.id,
            Author::Agent(agent),
            Via::Ui,
            Change::Field(change),
            answered_at,
        ));
        ticket.status = status;
        ticket.first_response_at = Some(answered_at);
        ticket.updated_at = answered_at;
        if !status.is_active() {
            ticket.solved_at = Some(answered_at);
        }
        let store = store.clone();
        writes.spawn(async move {
            store
                .write_ticket(TicketWrite {
                    ticket,
                    message: Some(reply),
                    events,
                    email: EmailEffects::default(),
                    notifications: Vec::new(),
                    routing: None,
                })
                .await
        });
    }
    while let Some(result) = writes.join_next().await {
        result.map_err(|e| AppError::Conflict(format!("demo seeding stopped: {e}")))??;
    }
    seed_canned_responses(app, start).await?;
    seed_ticket_fields(app).await?;
    // Sofía, the supervisor, wrote the knowledge base.
    let author = agents.get(1).map_or(agents[0].id, |a| a.id);
    crate::demo_knowledge::seed_knowledge(app, author, start).await?;
    crate::demo_service_level::seed_service_levels(app, start).await?;
    let agent_ids: Vec<_> = agents.iter().map(|a| a.id).collect();
    crate::demo_service_level::seed_routing(app, technical, complaints, &agent_ids, start).await?;
    // Ada, the administrator, set up the rules.
    crate::demo_rules::seed_rules(app, agents[0].id).await?;
    // Technical support's waiting tickets go to its agents now, as they would have on arrival, rather
    // than in a burst of changes when the server first starts.
    app.route_queues().await?;
    Ok(Some(DemoSummary {
        groups: groups.len(),
        agents: agents.len(),
        organizations: organizations.len(),
        contacts: contacts.len(),
        tickets: TICKETS,
    }))
}

/// A few canned responses in each language, so the insert menu has something to offer.
async fn seed_canned_responses(app: &App, at: jiff::Timestamp) -> Result<(), AppError> {
    let library: [(&str, &str, &str); 6] = [
        (
            "Greeting",
            "en",
            "Hello {{customer.first_name}},\n\nthank you for contacting us about \"{{ticket.subject}}\".",
        ),
        (
            "Greeting",
            "es",
            "Hola {{customer.first_name}}:\n\ngracias por escribirnos sobre «{{ticket.subject}}».",
        ),
        (
            "Greeting",
            "it",
            "Buongiorno {{customer.first_name}},\n\ngrazie per averci scritto riguardo a «{{ticket.subject}}».",
        ),
        (
            "Refund issued",
            "en",
            "We have issued your refund; it reaches your account within 5 working days.\n\n{{agent.first_name}}",
        ),
        (
            "Refund issued",
            "es",
            "Hemos emitido el reembolso; llegará a tu cuenta en 5 días hábiles.\n\n{{agent.first_name}}",
        ),
        (
            "Refund issued",
            "it",
            "Abbiamo emesso il rimborso; arriverà sul tuo conto entro 5 giorni lavorativi.\n\n{{agent.first_name}}",
        ),
    ];
    for (name, language, body) in library {
        app.store
            .create_canned_response(ayuda_core::canned::CannedResponse {
                id: ayuda_core::id::CannedResponseId::generate(),
                name: Name::parse(name)?,
                language: Language::parse(language)?,
                body: ayuda_core::canned::parse_body(body)?,
                created_at: at,
                updated_at: at,
            })
            .await?;
    }
    Ok(())
}

/// Two custom fields on tickets, so the ticket page shows how a desk extends it.
async fn seed_ticket_fields(app: &App) -> Result<(), AppError> {
    use ayuda_core::field::{FieldDefinition, FieldEntity, FieldKey, FieldKind};
    let fields = [
        ("order_number", "Order number", FieldKind::Text, vec![]),
        (
            "product_line",
            "Product line",
            FieldKind::Select,
            vec![
                "Appliances".to_owned(),
                "Furniture".to_owned(),
                "Garden".to_owned(),
            ],
        ),
    ];
    for (position, (key, label, kind, options)) in (0..).zip(fields) {
        app.store
            .create_field(FieldDefinition {
                id: ayuda_core::id::FieldId::generate(),
                entity: FieldEntity::Ticket,
                key: FieldKey::parse(key)?,
                label: label.to_owned(),
                kind,
                options,
                required: false,
                position,
            })
            .await?;
    }
    Ok(())
}
