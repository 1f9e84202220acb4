//! PNG encoding of rendered tiles, small but lossless.
//!
//! Tiles are opaque (the sea fills them first), so alpha is dropped. A tile with at most 256
//! distinct colours (every all-sea or all-land tile, most boundary tiles) is written as an
//! 8-bit indexed PNG, otherwise as 8-bit RGB; both with the encoder's best compression.
//! Counting colours is one hash-map pass over the pixels.

use std::collections::HashMap;

use tiny_skia::Pixmap;

use super::RenderError;

/// Encodes an opaque pixmap as PNG (indexed when it can be, RGB otherwise).
pub fn encode_png(pixmap: &Pixmap) -> Result<Vec<u8>, RenderError> {
    let (w, h) = (pixmap.width(), pixmap.height());
    // Opaque pixels: premultiplied equals straight colour.
    let rgb: Vec<[u8; 3]> = pixmap
        .pixels()
        .iter()
        .map(|p| [p.red(), p.green(), p.blue()])
        .collect();
    let mut palette: HashMap<[u8; 3], u8> = HashMap::new();
    let mut order: Vec<[u8; 3]> = Vec::new();
    let mut indexed = true;
    for c in &rgb {
        if !palette.contains_key(c) {
            if order.len() == 256 {
                indexed = false;
                break;
            }
            palette.insert(*c, order.len() as u8);
            order.push(*c);
        }
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Best);
    let data: Vec<u8> = if indexed {
        encoder.set_color(png::ColorType::Indexed);
        encoder.set_palette(order.concat());
        let bits = match order.len() {
            0..=2 => 1,
            3..=4 => 2,
            5..=16 => 4,
            _ => 8,
        };
        encoder.set_depth(match bits {
            1 => png::BitDepth::One,
            2 => png::BitDepth::Two,
            4 => png::BitDepth::Four,
            _ => png::BitDepth::Eight,
        });
        let indices: Vec<u8> = rgb.iter().map(|c| palette[c]).collect();
        pack_rows(&indices, w as usize, bits)
    } else {
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_adaptive_filter(png::AdaptiveFilterType::Adaptive);
        rgb.concat()
    };
    let png_error = |e: png::EncodingError| RenderError::Png(e.to_string());
    let mut writer = encoder.write_header().map_err(png_error)?;
    writer.write_image_data(&data).map_err(png_error)?;
    writer.finish().map_err(png_error)?;
    Ok(out)
}

/// Packs one index per pixel into rows of `bits`-bit samples, most significant bits first,
/// each row starting on a byte (the PNG layout for depths below 8).
fn pack_rows(indices: &[u8], width: usize, bits: usize) -> Vec<u8> {
    if bits == 8 {
        return indices.to_vec();
    }
    let per_byte = 8 / bits;
    let mut out = Vec::with_capacity(indices.len() / per_byte + indices.len() / width.max(1) + 1);
    for row in indices.chunks(width.max(1)) {
        for group in row.chunks(per_byte) {
            let mut byte = 0u8;
            for (i, v) in group.iter().enumerate() {
                byte |= v << (8 - bits * (i + 1));
            }
            out.push(byte);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use tiny_skia::Color;

    #[test]
    fn a_flat_tile_is_a_tiny_indexed_png_that_decodes_back() {
        let mut p = Pixmap::new(256, 256).expect("pixmap");
        p.fill(Color::from_rgba8(192, 212, 222, 255));
        let bytes = encode_png(&p).expect("png");
        assert!(bytes.len() < 200, "{} bytes", bytes.len());
        let back = Pixmap::decode_png(&bytes).expect("decodes");
        assert_eq!(back.pixel(100, 100), p.pixel(100, 100));
    }

    #[test]
    fn few_colours_pack_below_a_byte_and_decode_exactly() {
        // 3 colours in a 13-pixel-wide image: 2 bits per pixel, rows not a multiple of 4.
        let mut p = Pixmap::new(13, 5).expect("pixmap");
        p.fill(Color::from_rgba8(10, 20, 30, 255));
        let colours = [[200u8, 0, 0], [0, 200, 0]];
        for (i, px) in p.pixels_mut().iter_mut().enumerate() {
            if i % 3 != 0 {
                let c = colours[i % 2];
                *px = tiny_skia::ColorU8::from_rgba(c[0], c[1], c[2], 255).premultiply();
            }
        }
        let bytes = encode_png(&p).expect("png");
        let back = Pixmap::decode_png(&bytes).expect("decodes");
        assert_eq!(back.pixels(), p.pixels());
    }
}
