"""Clinical review: sign-off records, digests of the text signed, review packets and reviewers' comments."""
