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

survey-subject = How did we do? { $subject }
survey-body =
    Hello,

    Your request number { $number }, "{ $subject }", is solved. How satisfied are you with our help? One click is enough:

    { $links }

    You can add a comment after rating. Thank you for your time.

    Kind regards,
    Customer support
survey-rating-1 = 1 - Very unsatisfied
survey-rating-2 = 2 - Unsatisfied
survey-rating-3 = 3 - Neither
survey-rating-4 = 4 - Satisfied
survey-rating-5 = 5 - Very satisfied

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
