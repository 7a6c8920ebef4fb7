//! TLS to PostgreSQL, set by the URL as libpq users set it:
//! `sslmode=disable | prefer | require | verify-ca | verify-full` and
//! `sslrootcert=PATH` (the CA's PEM file). With the feature `postgres-tls`
//! it runs on rustls (ring: no system OpenSSL); without it, a mode that
//! needs TLS is refused at start-up, saying which feature to enable.
//!
//! As in libpq: `prefer` (the default) and `require` encrypt without
//! checking the certificate, unless `sslrootcert` is given, when `require`
//! checks it as `verify-ca` does; `verify-ca` checks that the CA signed it;
//! `verify-full` also checks that it names the host of the URL. Without
//! `sslrootcert` the verify modes read `~/.postgresql/root.crt`.

use std::path::PathBuf;

use crate::db::error::DbError;

/// libpq's `sslmode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Disable,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

/// The TLS options of a URL, taken out of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TlsOptions {
    pub(crate) mode: Mode,
    pub(crate) root: Option<PathBuf>,
}

impl Mode {
    fn name(self) -> &'static str {
        match self {
            Mode::Disable => "disable",
            Mode::Prefer => "prefer",
            Mode::Require => "require",
            Mode::VerifyCa => "verify-ca",
            Mode::VerifyFull => "verify-full",
        }
    }
}

impl TlsOptions {
    /// tokio-postgres's mode for the connection itself (it knows no verify
    /// modes: those are `require` with a checking connector).
    pub(crate) fn ssl_mode(&self) -> tokio_postgres::config::SslMode {
        use tokio_postgres::config::SslMode;
        match self.mode {
            Mode::Disable => SslMode::Disable,
            Mode::Prefer if cfg!(feature = "postgres-tls") => SslMode::Prefer,
            Mode::Prefer => SslMode::Disable,
            Mode::Require | Mode::VerifyCa | Mode::VerifyFull => SslMode::Require,
        }
    }
}

fn mode(value: &str) -> Result<Mode, DbError> {
    Ok(match value {
        "disable" => Mode::Disable,
        // libpq's `allow` tries without TLS first: without is what we do.
        "allow" => Mode::Disable,
        "prefer" => Mode::Prefer,
        "require" => Mode::Require,
        "verify-ca" => Mode::VerifyCa,
        "verify-full" => Mode::VerifyFull,
        other => {
            return Err(DbError::open(format!(
                "sslmode={other} is not one of disable, allow, prefer, require, verify-ca, verify-full"
            )));
        }
    })
}

/// The URL (or `key=value` string) without `sslmode` and `sslrootcert`,
/// and those options.
pub(crate) fn split(url: &str) -> Result<(String, TlsOptions), DbError> {
    let mut options = TlsOptions {
        mode: Mode::Prefer,
        root: None,
    };
    let mut take = |key: &str, value: &str| -> Result<bool, DbError> {
        match key {
            "sslmode" => options.mode = mode(value)?,
            "sslrootcert" => options.root = Some(PathBuf::from(value)),
            _ => return Ok(false),
        }
        Ok(true)
    };
    let rest = if url.contains("://") {
        let (base, query) = url.split_once('?').unwrap_or((url, ""));
        let mut kept = Vec::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = percent_encoding::percent_decode_str(value).decode_utf8_lossy();
            if !take(key, &value)? {
                kept.push(pair);
            }
        }
        if kept.is_empty() {
            base.to_owned()
        } else {
            format!("{base}?{}", kept.join("&"))
        }
    } else {
        let mut kept = Vec::new();
        for pair in url.split_whitespace() {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            if !take(key.trim(), value.trim_matches('\''))? {
                kept.push(pair);
            }
        }
        kept.join(" ")
    };
    if !cfg!(feature = "postgres-tls")
        && matches!(
            options.mode,
            Mode::Require | Mode::VerifyCa | Mode::VerifyFull
        )
    {
        return Err(DbError::open(format!(
            "sslmode={} needs TLS: enable twain's feature `postgres-tls`",
            options.mode.name()
        )));
    }
    Ok((rest, options))
}

/// Says in words what a failed TLS handshake's error means.
pub(crate) fn explain(message: String) -> String {
    if message.contains("UnknownIssuer") {
        format!("{message} (the server's certificate is not signed by the CA of sslrootcert)")
    } else {
        message
    }
}

#[cfg(not(feature = "postgres-tls"))]
pub(crate) type Connector = postgres::NoTls;

/// The connector for `options` (never used with `sslmode=disable`).
#[cfg(not(feature = "postgres-tls"))]
pub(crate) fn connector(_: &TlsOptions) -> Result<Connector, DbError> {
    Ok(postgres::NoTls)
}

#[cfg(feature = "postgres-tls")]
pub(crate) use with_rustls::{Connector, connector};

#[cfg(feature = "postgres-tls")]
mod with_rustls {
    use std::sync::Arc;

    use rustls::client::WebPkiServerVerifier;
    use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
    use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
    use rustls::{CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore};

    use super::{Mode, TlsOptions};
    use crate::db::error::DbError;

    pub(crate) type Connector = tokio_postgres_rustls::MakeRustlsConnect;

    /// ring's provider: rustls 0.23.48 deprecates it for lacking
    /// post-quantum key exchange, but aws-lc-rs would need cmake and a long
    /// C build; classic key exchange is what PostgreSQL servers offer today.
    #[allow(deprecated)]
    fn provider() -> Arc<CryptoProvider> {
        Arc::new(rustls::crypto::ring::default_provider())
    }

    /// The CA certificates of `sslrootcert` (or libpq's default file).
    fn roots(options: &TlsOptions) -> Result<Option<RootCertStore>, DbError> {
        let (path, given) = match &options.root {
            Some(path) => (path.clone(), true),
            None => match std::env::var_os("HOME") {
                Some(home) => (
                    std::path::Path::new(&home).join(".postgresql/root.crt"),
                    false,
                ),
                None => return Ok(None),
            },
        };
        if path.as_os_str() == "system" {
            return Err(DbError::open(
                "sslrootcert=system is not supported: give the path of the CA's PEM file",
            ));
        }
        if !given && !path.exists() {
            return Ok(None);
        }
        let shown = path.display();
        let mut store = RootCertStore::empty();
        let certs = CertificateDer::pem_file_iter(&path)
            .map_err(|err| DbError::open(format!("sslrootcert {shown}: {err}")))?;
        for cert in certs {
            let cert = cert.map_err(|err| DbError::open(format!("sslrootcert {shown}: {err}")))?;
            store
                .add(cert)
                .map_err(|err| DbError::open(format!("sslrootcert {shown}: {err}")))?;
        }
        if store.is_empty() {
            return Err(DbError::open(format!(
                "sslrootcert {shown} holds no certificate"
            )));
        }
        Ok(Some(store))
    }

    pub(crate) fn connector(options: &TlsOptions) -> Result<Connector, DbError> {
        let builder = ClientConfig::builder_with_provider(provider())
            .with_safe_default_protocol_versions()
            .map_err(|err| DbError::open(format!("TLS: {err}")))?;
        let roots = match options.mode {
            Mode::Disable => None,
            Mode::Prefer | Mode::Require => match &options.root {
                Some(_) => roots(options)?,
                None => None,
            },
            Mode::VerifyCa | Mode::VerifyFull => Some(roots(options)?.ok_or_else(|| {
                DbError::open(format!(
                    "sslmode={} checks the server's certificate against a CA: add sslrootcert=/path/to/ca.pem to the URL",
                    options.mode.name()
                ))
            })?),
        };
        let config = match (roots, options.mode) {
            (Some(roots), Mode::VerifyFull) => {
                builder.with_root_certificates(roots).with_no_client_auth()
            }
            (Some(roots), _) => {
                let inner =
                    WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider())
                        .build()
                        .map_err(|err| DbError::open(format!("TLS: {err}")))?;
                builder
                    .dangerous()
                    .with_custom_certificate_verifier(Arc::new(AnyName(inner)))
                    .with_no_client_auth()
            }
            (None, _) => builder
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(Unchecked(
                    provider().signature_verification_algorithms,
                )))
                .with_no_client_auth(),
        };
        Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
    }

    /// `verify-ca`: the chain must lead to the CA; the name is not checked.
    #[derive(Debug)]
    struct AnyName(Arc<WebPkiServerVerifier>);

    impl ServerCertVerifier for AnyName {
        fn verify_server_cert(
            &self,
            end_entity: &CertificateDer<'_>,
            intermediates: &[CertificateDer<'_>],
            server_name: &ServerName<'_>,
            ocsp_response: &[u8],
            now: UnixTime,
        ) -> Result<ServerCertVerified, rustls::Error> {
            match self.0.verify_server_cert(
                end_entity,
                intermediates,
                server_name,
                ocsp_response,
                now,
            ) {
                Err(rustls::Error::InvalidCertificate(
                    CertificateError::NotValidForName
                    | CertificateError::NotValidForNameContext { .. },
                )) => Ok(ServerCertVerified::assertion()),
                other => other,
            }
        }

        fn verify_tls12_signature(
            &self,
            message: &[u8],
            cert: &CertificateDer<'_>,
            dss: &DigitallySignedStruct,
        ) -> Result<HandshakeSignatureValid, rustls::Error> {
            self.0.verify_tls12_signature(message, cert, dss)
        }

        fn verify_tls13_signature(
            &self,
            message: &[u8],
            cert: &CertificateDer<'_>,
            dss: &DigitallySignedStruct,
        ) -> Result<HandshakeSignatureValid, rustls::Error> {
            self.0.verify_tls13_signature(message, cert, dss)
        }

        fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
            self.0.supported_verify_schemes()
        }
    }

    /// `prefer` and `require` without a CA: encrypted, the certificate not
    /// checked (libpq's behaviour); the handshake's signatures still are.
    #[derive(Debug)]
    struct Unchecked(WebPkiSupportedAlgorithms);

    impl ServerCertVerifier for Unchecked {
        fn verify_server_cert(
            &self,
            _: &CertificateDer<'_>,
            _: &[CertificateDer<'_>],
            _: &ServerName<'_>,
            _: &[u8],
            _: UnixTime,
        ) -> Result<ServerCertVerified, rustls::Error> {
            Ok(ServerCertVerified::assertion())
        }

        fn verify_tls12_signature(
            &self,
            message: &[u8],
            cert: &CertificateDer<'_>,
            dss: &DigitallySignedStruct,
        ) -> Result<HandshakeSignatureValid, rustls::Error> {
            rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0)
        }

        fn verify_tls13_signature(
            &self,
            message: &[u8],
            cert: &CertificateDer<'_>,
            dss: &DigitallySignedStruct,
        ) -> Result<HandshakeSignatureValid, rustls::Error> {
            rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0)
        }

        fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
            self.0.supported_schemes()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tls_options_leave_the_url() {
        let (url, options) =
            split("postgres://u:p@db/app?sslmode=verify-full&application_name=x&sslrootcert=%2Fetc%2Fca.pem")
                .unwrap();
        assert_eq!(url, "postgres://u:p@db/app?application_name=x");
        assert_eq!(options.mode, Mode::VerifyFull);
        assert_eq!(options.root, Some(PathBuf::from("/etc/ca.pem")));
        let (url, options) = split("postgres://u@db/app").unwrap();
        assert_eq!(
            (url.as_str(), options.mode),
            ("postgres://u@db/app", Mode::Prefer)
        );
        let (url, options) = split("host=db user=u sslmode=disable dbname=app").unwrap();
        assert_eq!(
            (url.as_str(), options.mode),
            ("host=db user=u dbname=app", Mode::Disable)
        );
        assert!(split("postgres://db/app?sslmode=maybe").is_err());
    }
}
