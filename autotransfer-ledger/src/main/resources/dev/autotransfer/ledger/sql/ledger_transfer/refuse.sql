-- :held says whether the caller voided the key's hold; a key held by a twin is never refused from a stale read
UPDATE at_ledger_transfer SET status = 'REFUSED', code = :code, code_kind = :kind, retryable = :retryable,
    message = :message, settled_at = :now
WHERE id = :id AND status = 'OPEN' AND held = :held
