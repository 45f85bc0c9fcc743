# Ayuda's own mail to customers, in English.

acknowledgement-subject = We received your message: { $subject }
acknowledgement-body =
    Hello,

    Thank you for writing to us. We received your message and filed it as number { $number }. A specialist will answer you as soon as possible.

    To add anything, reply to this email without changing the subject.

    Kind regards,
    Customer support

sign-in-link-subject = Your link to sign in
sign-in-link-body =
    Hello,

    Someone, probably you, asked to sign in to our support portal with this address. Open this link to sign in:

    { $link }

    The link works once, for { $minutes } minutes. If you did not ask for it, ignore this email: nothing happens without the link.

    Kind regards,
    Customer support

# Ayuda's mail to agents: what they were told in the workspace, for the kinds they chose.
agent-notice-subject = { $count ->
    [one] { $first }
   *[other] { $count } new notifications
}
agent-notice-greeting = Hello { $name },
agent-notice-intro = this happened on your tickets:
agent-notice-more = { $count ->
    [one] and 1 more in your notifications.
   *[other] and { $count } more in your notifications.
}
agent-notice-footer = You get this email for the notifications you chose on your preferences page in Ayuda.
