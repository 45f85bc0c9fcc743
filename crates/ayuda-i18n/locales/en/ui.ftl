# The agent workspace and the customer portal, in English.

## Dates and times

datetime = { $month } { $day }, { $year }, { $time }
date = { $month } { $day }, { $year }
ago-now = just now
ago-minutes = { $n ->
    [one] 1 minute ago
   *[other] { $n } minutes ago
}
ago-hours = { $n ->
    [one] 1 hour ago
   *[other] { $n } hours ago
}
ago-days = { $n ->
    [one] 1 day ago
   *[other] { $n } days ago
}
month-1 = Jan
month-2 = Feb
month-3 = Mar
month-4 = Apr
month-5 = May
month-6 = Jun
month-7 = Jul
month-8 = Aug
month-9 = Sep
month-10 = Oct
month-11 = Nov
month-12 = Dec

## The frame of every page

page-title = { $title } · Ayuda
skip-to-content = Skip to content
nav-views = Views
sign-out = Sign out
back-to-workspace = Back to the workspace
next-page = Next page

## Errors

error-not-found = Not found
error-forbidden = You may not do this
error-invalid = This cannot be saved as it is
error-internal = Something went wrong on our side; please try again
error-expired-form = This form has expired; please reload the page and try again

## Signing in

sign-in-title = Sign in
sign-in-email = Email
sign-in-password = Password
sign-in-submit = Sign in
sign-in-failed = The email or the password is not right.
sign-in-throttled = { $minutes ->
    [one] Too many failed attempts. Try again in 1 minute.
   *[other] Too many failed attempts. Try again in { $minutes } minutes.
}

## Views

view-mine = My open tickets
view-unassigned = Unassigned in my groups
view-open = All open
view-pending = Pending
view-recent = Recently updated
view-empty = No tickets here.
column-number = Number
column-subject = Subject
column-requester = Customer
column-status = Status
column-priority = Priority
column-updated = Updated

## Values

status-new = New
status-open = Open
status-pending = Pending
status-on_hold = On hold
status-solved = Solved
status-closed = Closed
priority-low = Low
priority-normal = Normal
priority-high = High
priority-urgent = Urgent
kind-reply = Reply
kind-note = Internal note
kind-phone_call = Phone call
kind-letter = Letter
kind-visit = Visit
kind-fax = Fax

## The ticket page

compose-kind = Write
compose-reply = Reply to the customer
compose-note = Internal note
compose-body = Message
compose-send = Send
ticket-properties = Ticket properties
ticket-save = Save
customer-panel = Customer
customer-language = Language: { $language }
message-formatted = The email as it was sent, formatted
presence-viewing = { $name } is viewing this ticket
presence-replying = { $name } is writing a reply
compose-crossing = A new message arrived while you were writing. Read it, then send again.

## The customer panel and the history

channel-email = Email
channel-web = Web
channel-phone = Phone
channel-fax = Fax
channel-postal = Letter
channel-in_person = In person
channel-chat = Chat
channel-api = API
identity-email = Email
identity-phone = Phone
identity-fax = Fax
type-question = Question
type-incident = Incident
type-problem = Problem
type-task = Task
type-complaint = Complaint
type-sales_inquiry = Sales inquiry
field-status = Status
field-priority = Priority
field-subject = Subject
field-tags = Tags
field-language = Language
field-type = Type
field-assignee = Assignee
field-group = Group
customer-organization = Organization: { $organization }
customer-other-tickets = Other tickets
customer-no-other-tickets = No other tickets.
ticket-history = History
history-count = { $n ->
    [one] 1 change
   *[other] { $n } changes
}
history-system = Ayuda
history-created = opened the ticket
history-message = added a message ({ $kind })
history-field = changed { $field } from { $from } to { $to }
history-empty-value = nothing
sla-metric-first_response = first response
sla-metric-next_response = next response
sla-metric-resolution = resolution
sla-panel = Service level
sla-due = due { $when }
sla-breached = overdue since { $when }
sla-met = met { $when }
sla-met-late = met late, { $when }
sla-paused = paused while the ticket waits
sla-not-started = owed when the customer writes again
notifications-title = Notifications
notifications-unread = { $count } unread
notifications-empty = Nothing yet: you are told here when a ticket is assigned to you, a customer replies, an SLA deadline nears or passes, or a ticket is escalated to you.
notifications-read-all = Mark all as read
notification-assigned = { $ticket } was assigned to you
notification-customer_replied = The customer replied on { $ticket }
notification-sla_warning = The { $metric } target of { $ticket } is due soon
notification-sla_breach = The { $metric } target of { $ticket } was missed
notification-escalated = { $ticket } was escalated to you: { $detail }
notification-rule = { $ticket }: { $detail }
history-sla-warning = warned that the { $metric } target is due { $due }
history-sla-breach = recorded that the { $metric } target was missed (due { $due })
history-escalated = escalated the ticket to { $to }: { $reason }
customer-more-tickets = Only the ten most recent are shown.

## The customer portal

portal-sign-in-title = Sign in to your support requests
nav-portal = Your requests
portal-my-requests = My requests
portal-empty = You have no requests yet.
portal-support-team = Customer support
portal-reply-label = Your answer
portal-solve-explained = Has your request been answered to your satisfaction?
portal-solve = Mark as solved
back-to-portal = Back to your requests

## Logging a contact that did not arrive by email

compose-log-contact = Or log a call, letter, visit or fax
compose-log-kind = What happened
compose-direction = Who made contact
direction-inbound = The customer contacted us
direction-outbound = We contacted the customer
compose-shared = Show it to the customer too

## Opening a ticket by hand

new-ticket-title = New ticket
new-ticket-who = The customer
new-ticket-email = Their email
new-ticket-name = Their name
new-ticket-channel = How they reached us
new-ticket-summary = What they said (a summary of the call, letter, fax or visit)
new-ticket-language-detect = Detect from the text
new-ticket-submit = Open the ticket
portal-new-request = New request
portal-request-subject = What is it about?
portal-request-body = Tell us more
portal-request-files = Files (photos, invoices, documents; up to 10)
portal-request-send = Send the request

## Two-step sign-in and preferences

sign-in-code = Code from your authenticator app
sign-in-code-help = Only if you have set up two-step sign-in.
sign-in-failed-agent = The email, the password or the code is not right.
preferences-title = Your preferences
preferences-language = Language of the workspace
preferences-language-browser = As my browser
preferences-time-zone = Time zone (for example Europe/Madrid)
preferences-save = Save
preferences-saved = Saved.
password-title = Change your password
password-current = Current password
password-new = New password (at least 10 characters)
password-save = Change the password
password-changed = Your password is changed.
totp-title = Two-step sign-in
totp-off = Two-step sign-in is off. Add this key to an authenticator app, then enter the code it shows.
totp-key = Key
totp-address = Or import this address
totp-code = Code from the app
totp-enable = Turn on two-step sign-in
totp-on = Two-step sign-in is on: signing in asks for the code your app shows.
totp-disable = Turn off two-step sign-in
totp-enabled = Two-step sign-in is on.
totp-disabled = Two-step sign-in is off.

## Bulk actions

bulk-legend = Change the ticked tickets
bulk-keep = Keep as it is
bulk-assign-me = Me
bulk-assign-nobody = Nobody
bulk-no-group = No group
bulk-add-tag = Add a tag
bulk-apply = Apply
bulk-select = Select
bulk-select-ticket = Select ticket { $number }
bulk-changed = { $n ->
    [one] 1 ticket changed.
   *[other] { $n } tickets changed.
}
bulk-failed = { $n ->
    [one] 1 ticket could not be changed.
   *[other] { $n } tickets could not be changed.
}
tags-help = Separated by commas.

## Canned responses

canned-title = Canned responses
canned-placeholders = Placeholders filled from the ticket: { $placeholders }
canned-new = New canned response
canned-name = Name
canned-body = Text
canned-add = Add
canned-delete = Delete
canned-empty = No canned responses yet.
canned-insert-label = Insert a canned response
canned-insert = Insert

## Linked and merged tickets

relations-title = Related tickets
relations-none = No linked tickets.
relations-link-number = Link to ticket number
relations-link-kind = As
relations-link = Link
relations-merge-into = Merge this ticket into number
relations-merge-help = For a duplicate: this ticket is closed, and a note on both tells of the merge.
relations-merge = Merge
macro-label = Macro
macro-apply = Apply
escalate-title = Escalate
escalate-to = Refer to
escalate-next-tier = The next tier
escalate-reason = Reason
escalate-help = The receiver is told why; the ticket's history keeps it.
escalate-submit = Escalate
availability-title = Availability
availability-label = I am
availability-available = Available
availability-away = Away
availability-off = Off
availability-away-from = Out of the office from
availability-away-until = Back on
availability-period-help = Times such as 2026-12-24T09:00:00Z; leave both empty when you are not going away.
availability-save = Set
email-notices-title = Email me when
email-notice-assigned = a ticket is assigned to me
email-notice-customer_replied = a customer replies on my ticket
email-notice-sla_warning = an SLA deadline of my ticket is near
email-notice-sla_breach = an SLA deadline of my ticket is missed
email-notice-escalated = a ticket is escalated to me
email-notice-rule = a rule asks for me to be told
email-notices-help = One email lists what happened since the last; what you already read here is left out. The workspace tells you of everything either way.
email-notices-save = Save
merged-into = Merged into { $ticket }
merge-note-from = Merged into ticket { $number }, which carries on.
merge-note-into = Ticket { $number } was merged into this one.
link-related = related
link-parent = part of this one
link-child = this one is part of it
link-follow_up = this one follows it up

## Signing up and signing in to the portal by link
portal-link-heading = Or sign in with a link by email
portal-link-submit = Email me a link
portal-sign-up-prompt = New here?
portal-sign-up-title = Create an account
portal-sign-up-help = We will email you a link. Opening it creates your account and signs you in; you can choose a password afterwards.
portal-sign-up-name = Your name
portal-sign-up-have-account = I already have an account
portal-sign-up-bad-name = Please give your name.
portal-sign-up-bad-email = That email address does not look right.
portal-link-sent-title = Check your email
portal-link-sent = If { $email } can use this portal, a link is on its way to it. The link works once, for { $minutes } minutes.
portal-link-back = Back to signing in
portal-link-title = Sign in with your link
portal-link-help = Press the button to sign in.
portal-link-continue = Sign in
portal-link-failed = This link does not work: it was used already, it expired, or it was copied only in part.
portal-link-again = Ask for a new link
portal-account-title = My account
portal-account-email = You sign in as { $email }.
portal-account-password-heading = Password
portal-account-password-help =
    { $count ->
        [one] With a password of at least { $count } character you can also sign in without a link.
       *[other] With a password of at least { $count } characters you can also sign in without a link.
    }
portal-account-password = New password
portal-account-save = Save the password
portal-account-password-short =
    { $count ->
        [one] The password needs at least { $count } character.
       *[other] The password needs at least { $count } characters.
    }

## Attachments on replies and logged contacts
compose-files = Attach files (up to 10)
new-ticket-files = Attachments: a scanned letter, a fax, photos (up to 10)

## Custom fields on the ticket page
field-no-value = (none)

## Administration
admin-title = Administration
admin-agents = Agents
admin-agents-about = Who works in the help desk, their role, groups, languages and skills.
admin-agents-new = Add an agent
admin-agents-edit = Change an agent
admin-groups = Groups
admin-groups-about = The teams tickets are routed to.
admin-groups-new = Add a group
admin-groups-edit = Change a group
admin-organizations = Organizations
admin-organizations-about = The companies customers belong to, found by their email domains.
admin-organizations-new = Add an organization
admin-organizations-edit = Change an organization
admin-contacts = Contacts
admin-contacts-about = The customers, with their email addresses and phone numbers.
admin-contacts-new = Add a contact
admin-contacts-edit = Change a contact
admin-fields = Custom fields
admin-fields-about = Fields of your own on tickets, contacts and organizations.
admin-fields-new = Add a custom field
admin-fields-edit = Change a custom field
admin-mailboxes = Mailboxes
admin-mailboxes-about = The support addresses mail arrives at, and the IMAP accounts it is fetched from.
admin-mailboxes-new = Add a mailbox
admin-mailboxes-edit = Change a mailbox
admin-canned = Canned responses
admin-canned-about = Answers agents insert into their replies, in each language.
admin-rules = Rules and macros
admin-rules-about = Triggers, time-based automations and macros: what happens to tickets without anyone forgetting.
rules-triggers = Triggers
rules-triggers-about = Act when something happens to a ticket: created, changed, answered by the customer, near or past an SLA deadline.
rules-automations = Automations
rules-automations-about = Act on tickets that waited in a status long enough, such as a reminder after five days pending.
rules-macros = Macros
rules-macros-about = Changes and a reply in each language that an agent applies to a ticket in one click.
rules-new-triggers = Add a trigger
rules-new-automations = Add an automation
rules-new-macros = Add a macro
rules-when = When
rules-waited = { $status } for { $hours } h
rules-active = Active
rules-position = Order (lowest runs first)
rules-event = When
rules-status = Tickets in status
rules-idle-hours = Unchanged for (hours)
rules-all = If all of these hold
rules-any = and at least one of these
rules-field = Field
rules-operator = Comparison
rules-value = Value
rules-conditions-help = Business hours: within or outside. Values by name: a status, priority, type or channel (open, urgent, complaint, email), a group or an agent as named here, a language code (es), a tag, words of the subject or message. An empty value means none.
rules-actions = Then
rules-action = Action
rules-target = To
rules-text = Tags, note or reason
rules-actions-help = Tags are separated by commas. To tell someone, choose the agent (nobody means the assignee) and write the note. To escalate, choose the next tier, a group or an agent, and write the reason.
rules-mail = Email to the customer
rules-mail-help = Sent in the ticket's language when written in it, else in English, else in the first language filled in.
rules-subject = subject
rules-mail-text = text
rules-webhook = Webhook address (a signed POST of the ticket)
rules-macro-text = Text for the reply
rules-note = The text is an internal note
rules-delete = Delete
rules-api-only = This rule has more emails, webhooks or agents to tell than this form holds; change it through the API.
trigger-event-ticket_created = A ticket is created
trigger-event-ticket_updated = A ticket is changed
trigger-event-customer_replied = The customer replies
trigger-event-sla_warning = An SLA deadline is near
trigger-event-sla_breach = An SLA deadline is missed
condition-status = Status
condition-priority = Priority
condition-type = Type
condition-channel = Channel
condition-group = Group
condition-assignee = Assignee
condition-language = Language
condition-tag = Tag
condition-service_tier = Service tier
condition-subject = Subject
condition-message = Message
condition-sla_metric = SLA target
condition-business_hours = Business hours
operator-is = is
operator-is_not = is not
operator-contains = contains
operator-not_contains = does not contain
action-set_status = Set the status
action-set_priority = Set the priority
action-set_type = Set the type
action-set_group = Move to the group
action-assign = Assign to
action-add_tags = Add tags
action-remove_tags = Remove tags
action-notify = Tell an agent
action-escalate = Escalate
action-email_customer = Email the customer
action-webhook = Call a webhook
admin-roles = Roles
admin-roles-about = What administrators, supervisors and agents may do.
admin-roles-help = The roles are fixed; this is what the application allows each of them. Every agent works on the tickets of their groups, tickets with no group and tickets assigned to them; supervisors and administrators on all tickets.
admin-tokens = API tokens of others
admin-what = What
admin-may-list = list
admin-may-read = read
admin-may-create = add
admin-may-update = change
admin-may-nothing = nothing
admin-settings = Settings
admin-settings-about = The settings this server runs with.
admin-settings-help = These settings come from the server's configuration file (ayuda.toml), its flags and environment; change them there and restart the server.
admin-setting-public-url = Public address, for links in mail
admin-setting-from = Sender address when a ticket has no mailbox
admin-setting-acknowledge = New tickets from email are acknowledged
admin-setting-closed-reply = A reply to a closed ticket
admin-setting-inline-raw = Raw emails kept in the database up to
admin-setting-unset = (not set)
admin-closed-reply-follow_up = opens a follow-up ticket
admin-closed-reply-reopen = reopens the ticket
admin-yes = Yes
admin-no = No
admin-empty = Nothing here yet.
admin-name = Name
admin-email = Email
admin-role = Role
admin-groups-field = Groups
admin-active = Active
admin-description = Description
admin-kind = Kind
admin-routing-mode = Routing
routing-mode-manual = By hand: agents take tickets from the queue
routing-mode-round_robin = In turn (round-robin)
routing-mode-least_loaded = To the least loaded agent
admin-match-language = Only to agents who speak the ticket's language
admin-routing-skills = Skills routed by
admin-routing-skills-help = Comma separated; a ticket tagged with one goes to an agent who has it.
admin-requeue-when-away = Tickets of agents who are away go back to the queue
admin-group-tier = Tier
admin-group-tier-help = 1 for the first line, 2 for the second line, 3 for supervisors.
admin-escalates-to = Escalates to
admin-tier = Service tier
admin-domains = Email domains
admin-domains-help = Separated by commas, such as acme.example, acme.example.org
admin-shared-tickets = Its members see each other's tickets in the portal
admin-notes = Notes
admin-identities = Email addresses and phone numbers
admin-identities-help = One per line, such as "email: ana@example.com" or "phone: +34 600 000 000".
admin-language-help = A language code such as en, es or it.
admin-organization = Organization
admin-languages = Languages
admin-skills = Skills
admin-list-help = Separated by commas.
admin-password = Password
admin-password-help = Optional: without one, the agent cannot sign in until a password is set with the command line.
admin-label = Label
admin-key = Key
admin-key-help = How the API names it: lowercase letters, digits and _, such as order_number. It cannot be changed later.
admin-entity = On
admin-entity-ticket = Tickets
admin-entity-contact = Contacts
admin-entity-organization = Organizations
admin-field-kind = Kind
admin-field-kind-text = Text
admin-field-kind-number = Number
admin-field-kind-date = Date
admin-field-kind-select = Choice
admin-field-kind-checkbox = Checkbox
admin-required = Required
admin-options = Choices
admin-options-help = For a choice: its values, separated by commas.
admin-position = Position
admin-address = Address
admin-imap = IMAP account
admin-mailbox-name-help = A short name, used by the mail-in command.
admin-imap-host = IMAP server
admin-imap-help = Leave empty for a mailbox your mail server delivers to Ayuda directly.
admin-imap-port = Port
admin-imap-tls = Connection security
admin-imap-user = User
admin-imap-password = Password
admin-imap-password-help = The IMAP account's password.
admin-imap-password-kept = Leave empty to keep the stored password.
admin-imap-folder = Folder to fetch from
admin-imap-processed = Folder to move fetched mail to
admin-imap-processed-help = Leave empty to mark fetched mail as read where it is.
role-admin = Administrator
role-supervisor = Supervisor
role-agent = Agent
organization-kind-consumer = Consumer
organization-kind-retailer = Retailer
organization-kind-wholesaler = Wholesaler
organization-kind-other = Other
service-tier-basic = Basic
service-tier-standard = Standard
service-tier-premium = Premium
service-tier-enterprise = Enterprise

## Saved views
saved-views-title = Saved views
saved-views-none = No saved views yet.
saved-view-new = Save a view
saved-view-name = Name of the view
saved-view-any = Any
saved-view-my-groups = My groups, or none
saved-view-tag = With the tag
saved-view-shared = Share it with every agent
saved-view-save = Save the view
saved-view-delete = Delete this view

## When a logged contact took place
compose-occurred = When it took place (your time; empty for now)

## Search
search-title = Search
search-label = Search
search-placeholder = Search tickets, people, articles…
search-help = Words, "exact phrases" and -excluded words; filters: status:open priority:high group:billing assignee:me lang:es in:ticket|article|contact|organization
search-go = Search
search-nothing = Nothing found.
search-corrections = Also searched for: { $words }
search-kind-ticket = Ticket
search-kind-message = Message
search-kind-contact = Contact
search-kind-organization = Organization
search-kind-article = Article

## Knowledge base
kb-title = Knowledge base
kb-empty = No articles here yet.
kb-filter = Filter
kb-category = Category
kb-no-category = No category
kb-category-name = Name in { $language }
kb-category-parent = Inside the category
kb-new-category = New category
kb-add-category = Add the category
kb-visibility = Who may read it
kb-visibility-public = Public (customers too)
kb-visibility-internal = Internal (agents only)
kb-visibility-training = Training (agents only)
kb-status = State
kb-status-draft = Draft
kb-status-published = Published
kb-status-archived = Archived
kb-article-title = Title
kb-body = Text
kb-body-help = Plain text, with a blank line between paragraphs, or HTML. Drafts are seen by agents only; supervisors publish.
kb-files = Files and images
kb-no-files = No files attached.
kb-files-add = Attach files
kb-files-help = Images can then be shown in any translation: put the image's HTML, shown beside it, into the body.
kb-files-upload = Attach
kb-file-insert = Insert into the body
kb-translations = Translations
kb-views = Views
kb-helpful = Helpful / not
kb-view-count = { $n ->
    [one] { $n } view
   *[other] { $n } views
}
kb-deflection-count = { $n ->
    [one] { $n } request answered before it was sent
   *[other] { $n } requests answered before they were sent
}
kb-new-article = New article
kb-create = Create the article
kb-settings = Category and readers
kb-edit-language = Edit { $language }
kb-translate-into = Translate into { $language }
kb-edit-title = Article in { $language }
kb-source = Shown beside: { $language }
kb-no-source = No other translation yet
kb-save = Save a new version
kb-versions = Versions
kb-no-versions = No version saved yet.
kb-version = Version { $n }
kb-training-title = Training
kb-training-progress = Worked through: { $done }
kb-training-empty = No training material yet.
kb-training-todo = Not yet worked through
kb-training-done-at = Worked through on { $when }
kb-training-complete = I have worked through this
kb-gaps-title = Knowledge gaps
kb-gaps-misses = Searches that found nothing (last 30 days)
kb-gaps-no-misses = Every search found something.
kb-gaps-words = Words
kb-gaps-count = Times
kb-gaps-who = Searched by
kb-gaps-customers = Customers
kb-gaps-agents = Agents
kb-gaps-last = Last searched
kb-gaps-unhelped = Solved tickets that used no article (last 30 days)
kb-gaps-no-unhelped = Every solved ticket used an article.

## Knowledge on the ticket page
knowledge-panel = Knowledge
knowledge-find = Find an article
knowledge-suggested = Suggested for this ticket
knowledge-found = Articles found
knowledge-no-suggestions = No article suggested for this ticket.
knowledge-insert-link = Insert link
knowledge-insert-text = Insert text

## Announcements
announcements-title = Announcements
announcements-empty = No announcements.
announcements-new = New announcement
announcements-publish = Announce it to every agent
announcements-acknowledge = I have read this
announcements-read-at = Read on { $when }
announcements-readership = Who has read it
announcements-all-read = Every agent has read it.
announcements-unread-count = { $n ->
    [one] { $n } agent has not read it yet
   *[other] { $n } agents have not read it yet
}
announcements-read-count = { $n ->
    [one] { $n } agent has read it
   *[other] { $n } agents have read it
}

## Knowledge base in the portal
portal-kb-title = Help articles
portal-kb-search = Search help articles and your requests
portal-kb-empty = No help articles yet.
portal-kb-other-languages = Also in:
portal-kb-helpful-question = Did this article help?
portal-kb-helpful-yes = Yes
portal-kb-helpful-no = No
portal-kb-thanks = Thank you for telling us.
portal-kb-answered-question = Did this answer the request you were writing?
portal-kb-answered-yes = Yes, I do not need to send it
portal-kb-answered = Glad it helped
portal-kb-answered-text = Your request was not sent. If you need more help, you can always write to us.
portal-suggestions-title = These articles may answer your question

# The satisfaction survey's pages.
survey-title = Your opinion
survey-thanks = Thank you! You rated our help { $rating } out of 5.
survey-already-rated = You rated this request already ({ $rating } out of 5). Thank you: your first answer is the one we keep.
survey-not-valid = This survey link is not valid. Please use the link in your email as it is.
survey-confirm = Press the button to send your rating.
survey-confirm-button = Send rating
survey-comment-label = Anything you would like to add? (optional)
survey-comment-send = Send comment
survey-comment-thanks = Thank you for your comment.
survey-comment-had = We have your comment already. Thank you.
survey-comment-again = Your rating is recorded. You can still add a comment.
survey-comment-invalid = Please write a comment of up to 4,000 characters.

# Reports.
report-title = Reports
report-from = From
report-to = To
report-interval = Period
report-interval-auto = Automatic
report-interval-day = Days
report-interval-week = Weeks
report-interval-month = Months
report-all = All
report-show = Show
report-none = None
report-cohort = Figures count the tickets created in the range, as they stand now. Times are calendar hours.
report-table = Table
report-csv = Download CSV
report-comments = Comments
report-no-comments = No comments in this range.
report-total = Total
report-volume = Tickets by channel
report-types = Tickets by type
report-category-trend = Categories over time
report-categories = Categories
report-category = Category
report-created = Created
report-complaints = Complaints
report-solved = Solved
report-frustrated = Frustrated
report-tags = Tags
report-tag = Tag
report-complaint-topics = Complaint topics
report-topic = Topic
report-hour = Hour
report-hours = Tickets by hour of day
report-weekday = Weekday
report-weekdays = Tickets by weekday
weekday-0 = Monday
weekday-1 = Tuesday
weekday-2 = Wednesday
weekday-3 = Thursday
weekday-4 = Friday
weekday-5 = Saturday
weekday-6 = Sunday
report-age-between = { $from } to { $to } days
report-age-over = { $from } days or more
report-backlog = Open tickets by age
report-age = Age
report-open = Open now
report-group = Group
report-groups = Groups: first response time (median, hours)
report-agent = Agent
report-agents = Agents: workload and activity (solved)
report-replies = Public answers
report-frt-median = First response, median (h)
report-frt-p90 = First response, 90th percentile (h)
report-resolution-median = Resolution, median (h)
report-resolution-p90 = Resolution, 90th percentile (h)
report-sla-met = SLA met (%)
report-csat = Satisfaction, CSAT (%)
report-escalated = Escalated
report-escalations = Where escalations go
report-escalations-count = Escalations
report-destination = Destination
report-satisfaction = Satisfaction ratings
report-rating = Rating
report-count = Count
report-resolution-rate = Resolved (%)
report-first-contact = First-contact resolution (%)
report-reopen-rate = Reopened (%)
report-escalation-rate = Escalated (%)
report-kind = Kind of customer
report-customers = Tickets by kind of customer
report-language = Language
report-languages = Tickets by language
report-channel = Channel
report-organization = Organization
report-type = Type
