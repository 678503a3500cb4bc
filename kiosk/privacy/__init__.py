"""What the visitor is told and what they agreed to: the collection notice and consent."""
