//! OpenAPI schemas for values whose allowed names come from the domain core, so the document lists exactly
//! the statuses, priorities and channels the code accepts, with no copy to drift.

use utoipa::openapi::schema::{Object, SchemaType, Type};
use utoipa::openapi::{RefOr, Schema};

fn names(values: impl IntoIterator<Item = &'static str>) -> Object {
    let mut object = Object::with_type(SchemaType::Type(Type::String));
    object.enum_values = Some(values.into_iter().map(serde_json::Value::from).collect());
    object
}

macro_rules! enum_schemas {
    ($($fn_name:ident => $ty:ty;)+) => {$(
        pub fn $fn_name() -> impl Into<RefOr<Schema>> {
            names(<$ty>::ALL.iter().map(|v| v.as_str()))
        }
    )+};
}

enum_schemas! {
    status => ayuda_core::ticket::Status;
    priority => ayuda_core::ticket::Priority;
    ticket_type => ayuda_core::ticket::TicketType;
    channel => ayuda_core::ticket::Channel;
    link_kind => ayuda_core::ticket::LinkKind;
    message_kind => ayuda_core::message::MessageKind;
    direction => ayuda_core::message::Direction;
    via => ayuda_core::event::Via;
    role => ayuda_core::agent::Role;
    identity_kind => ayuda_core::contact::IdentityKind;
    organization_kind => ayuda_core::contact::OrganizationKind;
    service_tier => ayuda_core::contact::ServiceTier;
    field_entity => ayuda_core::field::FieldEntity;
    field_kind => ayuda_core::field::FieldKind;
}

/// Any JSON value: custom field values are text, numbers, booleans or dates depending on the field.
pub fn custom_fields() -> impl Into<RefOr<Schema>> {
    let mut object = Object::with_type(SchemaType::Type(Type::Object));
    object.additional_properties = Some(Box::new(
        utoipa::openapi::schema::AdditionalProperties::FreeForm(true),
    ));
    object.description = Some(
        "Values of custom fields by key: text, number, true/false, or a date as YYYY-MM-DD".into(),
    );
    object
}
