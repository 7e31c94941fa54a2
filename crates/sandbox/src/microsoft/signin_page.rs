//! The server-rendered HTML of the emulated sign-in: an account picker that shows which app asks
//! for which scopes, and the error page. Plain HTML with inline CSS, no script; every
//! interpolated value goes through [`escape_html`].

use super::accounts::{Account, ACCOUNTS};
use crate::html::escape_html;

const STYLE: &str = "\
*{box-sizing:border-box}\
body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;\
background:#f2f2f2;font-family:'Segoe UI',-apple-system,BlinkMacSystemFont,Roboto,'Helvetica Neue',Arial,sans-serif;color:#1b1b1b}\
main{width:100%;max-width:440px;background:#fff;box-shadow:0 2px 6px rgba(0,0,0,.2);padding:44px;margin:16px}\
.logo{display:flex;gap:2px;width:21px;flex-wrap:wrap;margin-bottom:16px}\
.logo i{display:block;width:9.5px;height:9.5px}\
h1{font-size:24px;font-weight:600;margin:0 0 12px}\
p{font-size:15px;line-height:1.4;margin:0 0 12px}\
.app{font-weight:600;word-break:break-all}\
ul.scopes{margin:0 0 20px;padding-left:20px;font-size:14px;color:#404040}\
ul.scopes code{font-size:12px;color:#605e5c}\
form{margin:0}\
button.account{display:flex;width:100%;gap:12px;align-items:center;text-align:left;background:none;border:0;\
border-top:1px solid #e1e1e1;padding:12px 8px;cursor:pointer;font:inherit;color:inherit}\
button.account:hover,button.account:focus{background:#f2f2f2;outline:2px solid #0067b8;outline-offset:-2px}\
.avatar{flex:none;width:40px;height:40px;border-radius:50%;background:#0067b8;color:#fff;display:flex;\
align-items:center;justify-content:center;font-weight:600}\
.who{display:flex;flex-direction:column;min-width:0}\
.name{font-size:15px}.address{font-size:13px;color:#605e5c}.note{font-size:12px;color:#8a8886;margin-top:2px}\
.sandbox{margin-top:24px;font-size:12px;color:#8a8886}\
.error{border-left:4px solid #a80000;padding-left:12px}\
code.detail{display:block;background:#f8f8f8;padding:8px;font-size:13px;word-break:break-word;white-space:pre-wrap}";

const LOGO: &str = "<div class=\"logo\" aria-hidden=\"true\"><i style=\"background:#f25022\"></i>\
<i style=\"background:#7fba00\"></i><i style=\"background:#00a4ef\"></i><i style=\"background:#ffb900\"></i></div>";

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
<title>{title}</title><style>{STYLE}</style></head><body><main>{LOGO}{body}\
<p class=\"sandbox\">Emulated Microsoft sign-in of the outlook-connect sandbox. No real account is used.</p>\
</main></body></html>\n",
        title = escape_html(title),
    )
}

/// What a scope lets the app do, in the words of Microsoft's consent screen.
fn scope_description(scope: &str) -> Option<&'static str> {
    let bare = scope
        .strip_prefix("https://graph.microsoft.com/")
        .unwrap_or(scope);
    Some(match bare.to_ascii_lowercase().as_str() {
        "mail.read" => "Read your mail",
        "mail.readbasic" => "Read basic mail properties",
        "mail.readwrite" => "Read and write access to your mail",
        "user.read" => "Sign you in and read your profile",
        "offline_access" => "Maintain access to data you have given it access to",
        "openid" => "Sign you in",
        "profile" => "View your basic profile",
        "email" => "View your email address",
        "mailboxsettings.read" => "Read your mailbox settings",
        _ => return None,
    })
}

/// The hidden fields that carry the authorize request into the account form.
pub struct HiddenFields<'a>(pub Vec<(&'static str, &'a str)>);

/// The account picker.
pub fn sign_in_page(
    client_id: &str,
    scope: &str,
    form_action: &str,
    hidden: &HiddenFields,
) -> String {
    let scopes: String = scope
        .split_whitespace()
        .map(|requested| match scope_description(requested) {
            Some(description) => format!(
                "<li>{} <code>{}</code></li>",
                escape_html(description),
                escape_html(requested)
            ),
            None => format!("<li><code>{}</code></li>", escape_html(requested)),
        })
        .collect();
    let hidden_inputs: String = hidden
        .0
        .iter()
        .map(|(name, value)| {
            format!(
                "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
                escape_html(name),
                escape_html(value)
            )
        })
        .collect();
    let buttons: String = ACCOUNTS.iter().map(account_button).collect();
    let body = format!(
        "<h1>Pick an account</h1>\
<p>to continue to <span class=\"app\">{app}</span></p><p>This app would like to:</p>\
<ul class=\"scopes\">{scopes}</ul>\
<form method=\"post\" action=\"{action}\">{hidden_inputs}{buttons}</form>",
        app = escape_html(client_id),
        action = escape_html(form_action),
    );
    page("Sign in to your account", &body)
}

fn account_button(account: &Account) -> String {
    let initial = account
        .display_name
        .chars()
        .find(|c| c.is_alphanumeric())
        .unwrap_or('?');
    format!(
        "<button class=\"account\" type=\"submit\" name=\"login_hint\" value=\"{address}\">\
<span class=\"avatar\" aria-hidden=\"true\">{initial}</span><span class=\"who\">\
<span class=\"name\">{name}</span><span class=\"address\">{address}</span>\
<span class=\"note\">{note}</span></span></button>",
        address = escape_html(account.address),
        initial = escape_html(&initial.to_string()),
        name = escape_html(account.display_name),
        note = escape_html(account.description),
    )
}

/// The page shown when the request cannot be answered by a redirect to the app.
pub fn error_page(error: &str, description: &str) -> String {
    let body = format!(
        "<div class=\"error\"><h1>Sorry, but we’re having trouble signing you in.</h1>\
<p>The request sent by the application is not valid, so it cannot be sent back to it.</p>\
<p><strong>{}</strong></p><code class=\"detail\">{}</code></div>",
        escape_html(error),
        escape_html(description)
    );
    page("Sign in error", &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interpolated_values_never_reach_the_page_raw() {
        let hostile = "<script>alert(1)</script>";
        let html = sign_in_page(
            hostile,
            &format!("Mail.Read {hostile}"),
            "/common/oauth2/v2.0/authorize",
            &HiddenFields(vec![("state", "\"><script>alert(2)</script>")]),
        );
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("Read your mail"));
        assert!(!error_page(hostile, hostile).contains("<script>"));
    }
}
