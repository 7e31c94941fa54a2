//! The identity platform's `{tenant}` path segment and which values it takes; the Carbon side's `microsoft_tenant`
//! validation uses the same rule.

/// Whether `tenant` is what the identity platform takes as the `{tenant}` path segment: `common`, `organizations`,
/// `consumers`, a directory id (GUID) or a domain name (`contoso.onmicrosoft.com`). Anything else — slashes,
/// dots-only, `..`, percent signs, spaces — is refused, so a tenant can never rewrite the URL it is put in.
pub fn is_valid_tenant(tenant: &str) -> bool {
    let lower = tenant.to_ascii_lowercase();
    if ["common", "organizations", "consumers"].contains(&lower.as_str()) {
        return true;
    }
    is_guid(tenant) || is_domain_name(tenant)
}

fn is_guid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(group, len)| group.len() == len && group.chars().all(|c| c.is_ascii_hexdigit()))
}

fn is_domain_name(text: &str) -> bool {
    let labels: Vec<&str> = text.split('.').collect();
    text.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.chars().any(|c| c.is_ascii_alphabetic()))
}

#[cfg(test)]
mod tests {
    use super::is_valid_tenant;

    #[test]
    fn tenants_are_names_guids_or_domains_only() {
        for good in [
            "common",
            "Organizations",
            "consumers",
            "3b7a9c2e-5d41-4f6a-9b0c-0a1b2c3d4e5f",
            "contoso.onmicrosoft.com",
            "contoso.test",
            "xn--bcher-kva.example",
        ] {
            assert!(is_valid_tenant(good), "{good}");
        }
        for bad in [
            "",
            "//evil.example",
            "evil.example/x",
            "..",
            "a..b",
            "contoso",
            "evil.example?x=1",
            "evil.example#",
            "%2F%2Fevil.example",
            "evil .example",
            "-a.example",
            "1.2.3.4",
            "3b7a9c2e-5d41-4f6a-9b0c-0a1b2c3d4e5",
            "evil.example\\x",
        ] {
            assert!(!is_valid_tenant(bad), "{bad}");
        }
    }
}
