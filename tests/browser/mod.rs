//! A thin helper over `twain::test::Client` (which keeps cookies between
//! requests, as a browser does): form posts and requests with headers.

#![allow(dead_code)] // each test binary uses a different part

use twain::App;
use twain::test::{Client, TestResponse};

pub struct Browser {
    pub client: Client,
}

impl Browser {
    pub fn new(app: App) -> Self {
        Browser {
            client: Client::new(app),
        }
    }

    pub fn cookie(&self, name: &str) -> Option<String> {
        self.client.cookie(name)
    }

    pub fn set_cookie(&self, name: &str, value: &str) {
        self.client.set_cookie(name, value);
    }

    pub fn get(&self, path: &str) -> TestResponse {
        self.client.get(path)
    }

    pub fn post_form(&self, path: &str, body: &str) -> TestResponse {
        self.client
            .post(path, "application/x-www-form-urlencoded", body.to_owned())
    }

    pub fn send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Vec<u8>,
    ) -> TestResponse {
        let mut request = twain::http::Request::builder().method(method).uri(path);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.client
            .request(request.body(twain::Body::from(body)).unwrap())
    }
}
