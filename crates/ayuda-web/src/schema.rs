//! OpenAPI schemas for values whose allowed names come from the domain core, so the document lists exactly
//! the statuses, priorities and channels the code accepts, with no copy to drift.

use utoipa::openapi::schema::{Object, SchemaType, Type};
use utoipa::openapi::{RefOr, Schema};

fn names(values: impl IntoIterator<Item = &'static str>) -> Object {
    let mut object = Object::with_type(SchemaType::Type(Type::String));
    object.enum_values = Some(values.into_iter().map(serde_json::Value::from).collect());
    object
}

fn nullable(values: impl IntoIterator<Item = &'static str>) -> Object {
    let mut object = names(values);
    object.schema_type = SchemaType::from_iter([Type::String, Type::Null]);
    if let Some(values) = &mut object.enum_values {
        values.push(serde_json::Value::Null);
    }
    object
}

macro_rules! enum_schemas {
    ($($fn_name:ident, $nullable_name:ident => $ty:ty;)+) => {$(
        pub fn $fn_name() -> impl Into<RefOr<Schema>> {
            names(<$ty>::ALL.iter().map(|v| v.as_str()))
        }
        #[allow(dead_code)]
        pub fn $nullable_name() -> impl Into<RefOr<Schema>> {
            nullable(<$ty>::ALL.iter().map(|v| v.as_str()))
        }
    )+};
}

enum_schemas! {
    status, status_or_null => ayuda_core::ticket::Status;
    priority, priority_or_null => ayuda_core::ticket::Priority;
    ticket_type, ticket_type_or_null => ayuda_core::ticket::TicketType;
    channel, channel_or_null => ayuda_core::ticket::Channel;
    link_kind, link_kind_or_null => ayuda_core::ticket::LinkKind;
    message_kind, message_kind_or_null => ayuda_core::message::MessageKind;
    direction, direction_or_null => ayuda_core::message::Direction;
    via, via_or_null => ayuda_core::event::Via;
    role, role_or_null => ayuda_core::agent::Role;
    identity_kind, identity_kind_or_null => ayuda_core::contact::IdentityKind;
    organization_kind, organization_kind_or_null => ayuda_core::contact::OrganizationKind;
    service_tier, service_tier_or_null => ayuda_core::contact::ServiceTier;
    field_entity, field_entity_or_null => ayuda_core::field::FieldEntity;
    field_kind, field_kind_or_null => ayuda_core::field::FieldKind;
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
