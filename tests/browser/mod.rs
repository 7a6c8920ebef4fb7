//! A test client that keeps cookies between requests, as a browser does:
//! every `Set-Cookie` of a response is remembered (a `Max-Age=0` one
//! forgets), and the next request sends them back.

#![allow(dead_code)] // each test binary uses a different part

use std::cell::RefCell;
use std::collections::BTreeMap;

use twain::App;
use twain::test::{Client, TestResponse};

pub struct Browser {
    pub client: Client,
    pub cookies: RefCell<BTreeMap<String, String>>,
}

impl Browser {
    pub fn new(app: App) -> Self {
        Browser {
            client: Client::new(app),
            cookies: RefCell::new(BTreeMap::new()),
        }
    }

    pub fn cookie(&self, name: &str) -> Option<String> {
        self.cookies.borrow().get(name).cloned()
    }

    pub fn set_cookie(&self, name: &str, value: &str) {
        self.cookies
            .borrow_mut()
            .insert(name.to_owned(), value.to_owned());
    }

    pub fn get(&self, path: &str) -> TestResponse {
        self.send("GET", path, &[], Vec::new())
    }

    pub fn post_form(&self, path: &str, body: &str) -> TestResponse {
        self.send(
            "POST",
            path,
            &[("content-type", "application/x-www-form-urlencoded")],
            body.as_bytes().to_vec(),
        )
    }

    pub fn send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Vec<u8>,
    ) -> TestResponse {
        let mut request = twain::http::Request::builder().method(method).uri(path);
        let jar = self.cookie_header();
        if !jar.is_empty() {
            request = request.header("cookie", jar);
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = self
            .client
            .request(request.body(twain::Body::from(body)).unwrap());
        self.remember(&response);
        response
    }

    pub fn cookie_header(&self) -> String {
        self.cookies
            .borrow()
            .iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub fn remember(&self, response: &TestResponse) {
        for header in response.headers().get_all("set-cookie") {
            let text = header.to_str().unwrap();
            let pair = text.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            let gone = text.to_ascii_lowercase().contains("max-age=0");
            let mut cookies = self.cookies.borrow_mut();
            if gone {
                cookies.remove(name.trim());
            } else {
                cookies.insert(name.trim().to_owned(), value.trim().to_owned());
            }
        }
    }
}
