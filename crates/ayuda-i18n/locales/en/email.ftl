# Ayuda's own mail to customers, in English.

acknowledgement-subject = We received your message: { $subject }
acknowledgement-body =
    Hello,

    Thank you for writing to us. We received your message and filed it as number { $number }. A specialist will answer you as soon as possible.

    To add anything, reply to this email without changing the subject.

    Kind regards,
    Customer support
