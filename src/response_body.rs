//! Every answer leaves in slices of at most 256 KiB. actix-http copies each
//! chunk a body yields into the connection's write buffer whole, so a cached
//! 4 MiB report handed out as one chunk to 64 clients at once would be 64
//! copies of it in memory. Slices of the shared bytes are not copies: each
//! connection then buffers one slice at most.

use actix_web::body::{BodySize, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::web::Bytes;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

/// Larger slices mean fewer trips through the dispatcher per answer; at
/// this size 64 connections at once buffer 16 MiB.
const SLICE: usize = 256 * 1024;

pin_project_lite::pin_project! {
    /// A body whose chunks are handed on at most `SLICE` bytes at a time.
    pub struct Sliced<B> {
        #[pin]
        body: B,
        rest: Bytes,
    }
}

impl<B> Sliced<B> {
    pub fn new(body: B) -> Self {
        Self {
            body,
            rest: Bytes::new(),
        }
    }
}

impl<B: MessageBody> MessageBody for Sliced<B> {
    type Error = B::Error;

    fn size(&self) -> BodySize {
        self.body.size()
    }

    fn poll_next(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Bytes, Self::Error>>> {
        let this = self.project();
        if this.rest.is_empty() {
            match ready!(this.body.poll_next(cx)) {
                Some(Ok(chunk)) => *this.rest = chunk,
                done_or_failed => return Poll::Ready(done_or_failed),
            }
        }
        let slice = this.rest.len().min(SLICE);
        Poll::Ready(Some(Ok(this.rest.split_to(slice))))
    }
}

/// Middleware: send every response's body in slices.
pub async fn in_slices(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<Sliced<impl MessageBody>>, actix_web::Error> {
    Ok(next.call(req).await?.map_body(|_, body| Sliced::new(body)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[actix_web::test]
    async fn a_large_body_comes_out_whole_in_slices() {
        let whole: Vec<u8> = (0..800_000u32).map(|i| (i % 251) as u8).collect();
        let mut body = std::pin::pin!(Sliced::new(Bytes::from(whole.clone())));
        assert_eq!(body.size(), BodySize::Sized(800_000));
        let mut sent = Vec::new();
        let mut slices = Vec::new();
        while let Some(slice) = std::future::poll_fn(|cx| body.as_mut().poll_next(cx)).await {
            let slice = slice.unwrap();
            slices.push(slice.len());
            sent.extend_from_slice(&slice);
        }
        assert_eq!(sent, whole);
        assert_eq!(slices, [SLICE, SLICE, SLICE, 800_000 - 3 * SLICE]);
    }

    #[actix_web::test]
    async fn an_empty_body_stays_empty() {
        let body = Sliced::new(Bytes::new());
        assert_eq!(actix_web::body::to_bytes(body).await.unwrap(), Bytes::new());
    }
}
