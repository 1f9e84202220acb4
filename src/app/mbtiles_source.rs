//! A walkers [`Tiles`] source over an MBTiles pack (`io::mbtiles`), read off the UI thread.
//!
//! One reader thread (`riskatlas-mbtiles`) owns the SQLite connection: it opens the pack,
//! reports its attribution and zoom range, then answers tile requests: read the blob, decode
//! PNG/JPEG (`image`), upload the texture (`egui::Context::load_texture` is thread-safe, as
//! walkers' own HTTP source does it) and send the handle back; then it asks for a repaint.
//! The UI thread ([`Tiles::at`], every frame for every visible tile) only drains replies and
//! looks in a bounded LRU cache (by texture bytes, [`CACHE_BYTES`]); a tile not cached yet is
//! requested (at most [`MAX_PENDING`] in flight; newest requests are served first) and, while
//! it loads, a cached ancestor is stretched over its place. Missing tiles are `None`, so the
//! vector basemap underneath shows. Above the pack's top zoom its tiles are magnified, up to
//! [`OVERZOOM`] levels; beyond that, and below its lowest zoom, nothing is drawn.
//! Dropping the source closes the request channel, which ends the thread.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};

use egui::{ColorImage, Context, Rect, TextureHandle, TextureOptions, pos2};
use walkers::sources::Attribution;
use walkers::{Tile, TileId, TilePiece, Tiles};

use crate::io::mbtiles::MbtilesReader;
use crate::render::TileXyz;

/// Texture bytes kept in the cache (about 380 tiles of 256 px, 95 of 512 px).
pub const CACHE_BYTES: usize = 96 << 20;
pub const MAX_PENDING: usize = 48;
/// Zoom levels above the pack's top zoom that still show its tiles, magnified.
pub const OVERZOOM: u8 = 3;

enum Reply {
    Opened {
        attribution: String,
        zooms: Option<(u8, u8)>,
    },
    Failed(String),
    Tile(TileId, Option<TextureHandle>),
}

struct Entry {
    tile: Option<TextureHandle>,
    bytes: usize,
    used: u64,
}

/// What the pack said about itself once opened.
#[derive(Debug, Clone, PartialEq)]
pub enum PackState {
    Opening,
    Ready {
        attribution: String,
        zooms: Option<(u8, u8)>,
    },
    Failed(String),
}

pub struct MbTilesSource {
    path: PathBuf,
    requests: Sender<TileId>,
    replies: Receiver<Reply>,
    state: PackState,
    cache: HashMap<TileId, Entry>,
    cache_bytes: usize,
    pending: HashSet<TileId>,
    clock: u64,
}

impl MbTilesSource {
    /// Starts the reader thread on `path`; the pack opens in the background.
    pub fn open(path: &Path, ctx: Context) -> Self {
        let (requests, rx_requests) = channel();
        let (tx_replies, replies) = channel();
        let thread_path = path.to_path_buf();
        let spawned = std::thread::Builder::new()
            .name("riskatlas-mbtiles".into())
            .spawn(move || reader_thread(&thread_path, rx_requests, tx_replies, ctx));
        let state = match spawned {
            Ok(_) => PackState::Opening,
            Err(e) => PackState::Failed(e.to_string()),
        };
        Self {
            path: path.to_path_buf(),
            requests,
            replies,
            state,
            cache: HashMap::new(),
            cache_bytes: 0,
            pending: HashSet::new(),
            clock: 0,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Opening, ready (with attribution and zooms) or failed (with the reason).
    pub fn state(&mut self) -> &PackState {
        self.drain();
        &self.state
    }

    fn drain(&mut self) {
        loop {
            match self.replies.try_recv() {
                Ok(Reply::Opened { attribution, zooms }) => {
                    self.state = PackState::Ready { attribution, zooms }
                }
                Ok(Reply::Failed(reason)) => self.state = PackState::Failed(reason),
                Ok(Reply::Tile(id, tile)) => {
                    self.pending.remove(&id);
                    self.insert(id, tile);
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    if self.state == PackState::Opening {
                        self.state = PackState::Failed("the reader stopped".into());
                    }
                    break;
                }
            }
        }
    }

    fn insert(&mut self, id: TileId, tile: Option<TextureHandle>) {
        let bytes = tile
            .as_ref()
            .map_or(64, |t| t.size().iter().product::<usize>() * 4);
        self.clock += 1;
        let entry = Entry {
            tile,
            bytes,
            used: self.clock,
        };
        if let Some(old) = self.cache.insert(id, entry) {
            self.cache_bytes -= old.bytes;
        }
        self.cache_bytes += bytes;
        while self.cache_bytes > CACHE_BYTES && self.cache.len() > 1 {
            let Some(oldest) = self
                .cache
                .iter()
                .min_by_key(|(_, e)| e.used)
                .map(|(k, _)| *k)
            else {
                break;
            };
            if let Some(e) = self.cache.remove(&oldest) {
                self.cache_bytes -= e.bytes;
            }
        }
    }

    /// The cached tile `id` (`Some(None)`: known to be missing), marking it used.
    fn cached(&mut self, id: TileId) -> Option<Option<TextureHandle>> {
        self.clock += 1;
        let e = self.cache.get_mut(&id)?;
        e.used = self.clock;
        Some(e.tile.clone())
    }

    fn request(&mut self, id: TileId) {
        if self.pending.len() < MAX_PENDING
            && self.pending.insert(id)
            && self.requests.send(id).is_err()
        {
            self.pending.remove(&id);
        }
    }

    /// Texture bytes held now (for tests).
    pub fn cached_bytes(&self) -> usize {
        self.cache_bytes
    }
}

/// The tile of zoom `z` containing `id`, and the part of it `id` covers.
fn ancestor(id: TileId, z: u8) -> (TileId, Rect) {
    let d = 1u32 << (id.zoom - z);
    let (fx, fy) = ((id.x % d) as f32, (id.y % d) as f32);
    let s = 1.0 / d as f32;
    let uv = Rect::from_min_max(pos2(fx * s, fy * s), pos2((fx + 1.0) * s, (fy + 1.0) * s));
    (
        TileId {
            x: id.x / d,
            y: id.y / d,
            zoom: z,
        },
        uv,
    )
}

impl Tiles for MbTilesSource {
    fn at(&mut self, id: TileId) -> Option<TilePiece> {
        self.drain();
        let PackState::Ready {
            zooms: Some((min, max)),
            ..
        } = self.state
        else {
            return None;
        };
        if id.zoom < min || id.zoom > max.saturating_add(OVERZOOM) {
            return None;
        }
        let wanted = ancestor(id, id.zoom.min(max)).0;
        match self.cached(wanted) {
            Some(Some(texture)) => {
                let uv = ancestor(id, wanted.zoom).1;
                return Some(TilePiece::new(Tile::Raster(texture), uv));
            }
            Some(None) => return None,
            None => self.request(wanted),
        }
        // While it loads, stretch the nearest cached ancestor over its place.
        (min..wanted.zoom).rev().find_map(|z| {
            let (up, uv) = ancestor(id, z);
            let texture = self.cache.get(&up)?.tile.clone()?;
            Some(TilePiece::new(Tile::Raster(texture), uv))
        })
    }

    fn attribution(&self) -> Attribution {
        let text = match &self.state {
            PackState::Ready { attribution, .. } => intern(attribution),
            _ => "",
        };
        Attribution {
            text,
            url: "",
            logo_light: None,
            logo_dark: None,
        }
    }

    fn tile_size(&self) -> u32 {
        // Walkers lays tiles out in 256-point squares; a 512 px "@2x" pack is simply sharper.
        256
    }
}

/// Walkers wants `&'static str` attributions: each distinct text is leaked once.
fn intern(text: &str) -> &'static str {
    use std::sync::{Mutex, OnceLock};
    static TEXTS: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let Ok(mut set) = TEXTS.get_or_init(Default::default).lock() else {
        return "";
    };
    if let Some(t) = set.get(text) {
        return t;
    }
    let leaked: &'static str = Box::leak(text.to_string().into_boxed_str());
    set.insert(leaked);
    leaked
}

fn decode(ctx: &Context, bytes: &[u8]) -> Option<TextureHandle> {
    let image = image::load_from_memory(bytes).ok()?.to_rgba8();
    let size = [image.width() as usize, image.height() as usize];
    let colour = ColorImage::from_rgba_unmultiplied(size, image.as_raw());
    Some(ctx.load_texture("mbtiles", colour, TextureOptions::LINEAR))
}

fn reader_thread(path: &Path, requests: Receiver<TileId>, replies: Sender<Reply>, ctx: Context) {
    let opened = MbtilesReader::open(path).and_then(|r| {
        let meta = r.metadata()?;
        let zooms = r.zoom_range()?;
        Ok((r, meta, zooms))
    });
    let reader = match opened {
        Ok((reader, meta, zooms)) => {
            let attribution = meta
                .get("attribution")
                .map(|a| strip_tags(a))
                .unwrap_or_default();
            let _ = replies.send(Reply::Opened { attribution, zooms });
            reader
        }
        Err(e) => {
            let _ = replies.send(Reply::Failed(e.to_string()));
            ctx.request_repaint();
            return;
        }
    };
    ctx.request_repaint();
    while let Ok(first) = requests.recv() {
        // Serve the newest request first: after a fast pan the oldest are off screen.
        let mut batch = vec![first];
        batch.extend(requests.try_iter());
        for id in batch.into_iter().rev() {
            let tile = reader
                .tile(TileXyz::new(id.zoom, id.x, id.y))
                .ok()
                .flatten()
                .and_then(|bytes| decode(&ctx, &bytes));
            if replies.send(Reply::Tile(id, tile)).is_err() {
                return;
            }
            ctx.request_repaint();
        }
    }
}

/// MBTiles attributions are often HTML: keep the text (shared with printing).
pub use crate::io::mbtiles::strip_tags;
