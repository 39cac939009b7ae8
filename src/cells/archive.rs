//! The zip archive of an .xlsx or .ods workbook, checked before calamine reads it.
//!
//! Both formats are zip archives of XML files, and a zip member may inflate a
//! thousandfold (a "zip bomb"), so every member is inflated here once, through
//! a counter, before anything else reads it: its declared sizes are checked
//! first, then the bytes it really inflates to (a member's header can lie),
//! against [`MAX_MEMBER`], the archive's total against [`MAX_INFLATED`] and a
//! large member's ratio against [`MAX_RATIO`]. The same pass refuses XML that
//! declares a DTD (entity expansion, "billion laughs"), which no spreadsheet
//! application writes, and tells which of the two formats the archive holds.
//! The archive's bytes are in memory and do not change, so what calamine then
//! inflates is exactly what was counted here.

use std::io::{Cursor, Read};

use memchr::memmem;
use zip::ZipArchive;

use super::bounds::*;
use crate::error::Error;

/// Which workbook format an archive holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// Office Open XML (`xl/workbook.xml`).
    Xlsx,
    /// OpenDocument spreadsheet (`content.xml`).
    Ods,
}

const NOT_A_WORKBOOK: &str =
    "save it as .xlsx or .ods (or give a folder of CSV files), as docs/src/spreadsheets.md shows";
const BOMB: &str =
    "a planner's workbook inflates to a few MB at most, so this file is not one (a zip bomb?); save the leadplan sheets in a new workbook";

/// Checks the archive's members and says which format it is.
pub(crate) fn check(file: &str, bytes: &[u8]) -> Result<Format, Error> {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(refuse(
            file,
            "a password-protected workbook or an old binary .xls workbook, which leadplan does not read".into(),
            "save it without a password as .xlsx or .ods",
        ));
    }
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        refuse(
            file,
            format!("not a readable workbook ({e})"),
            NOT_A_WORKBOOK,
        )
    })?;
    if zip.len() > MAX_MEMBERS {
        return Err(refuse(
            file,
            format!(
                "the archive has {} members, more than the {} a leadplan workbook may have",
                thousands(zip.len() as u64),
                thousands(MAX_MEMBERS as u64)
            ),
            BOMB,
        ));
    }
    let mut total = 0u64;
    let mut names = Vec::with_capacity(zip.len());
    for i in 0..zip.len() {
        let mut member = zip.by_index(i).map_err(|e| {
            refuse(
                file,
                format!("member {i} of the archive cannot be read ({e})"),
                NOT_A_WORKBOOK,
            )
        })?;
        let name = member
            .name()
            .map(|n| n.into_owned())
            .unwrap_or_else(|_| format!("#{i}"));
        let packed = member.compressed_size();
        check_declared(file, &name, member.size(), packed, total)?;
        total += inflate_counted(file, &name, &mut member, packed, total)?;
        names.push(name.to_ascii_lowercase());
    }
    format_of(file, &names)
}

/// Which format the member names say.
fn format_of(file: &str, names: &[String]) -> Result<Format, Error> {
    let has = |n: &str| names.iter().any(|x| x == n);
    if has("xl/workbook.xml") {
        Ok(Format::Xlsx)
    } else if has("content.xml") {
        Ok(Format::Ods)
    } else if has("xl/workbook.bin") {
        Err(refuse(
            file,
            "a binary .xlsb workbook, which leadplan does not read".into(),
            "save it as .xlsx or .ods",
        ))
    } else {
        Err(refuse(
            file,
            "a zip archive but not an .xlsx or .ods workbook".into(),
            NOT_A_WORKBOOK,
        ))
    }
}

/// Refuses a member whose declared sizes already break a limit.
fn check_declared(file: &str, name: &str, size: u64, packed: u64, total: u64) -> Result<(), Error> {
    if size > MAX_MEMBER {
        return Err(member_too_large(file, name, size, "declares"));
    }
    if total.saturating_add(size) > MAX_INFLATED {
        return Err(archive_too_large(file, name));
    }
    if size > RATIO_FROM && size / packed.max(1) > MAX_RATIO {
        return Err(too_compressed(file, name, size, packed));
    }
    Ok(())
}

/// Inflates one member through a counter, refusing it as soon as a limit is
/// passed, and any XML member that declares a DTD; gives its inflated size.
/// The zip reader consumes at most the declared compressed size `packed`, so
/// the ratio is checked against it while inflating.
fn inflate_counted(
    file: &str,
    name: &str,
    member: &mut impl Read,
    packed: u64,
    total: u64,
) -> Result<u64, Error> {
    let is_xml = {
        let n = name.to_ascii_lowercase();
        n.ends_with(".xml") || n.ends_with(".rels")
    };
    let mut buf = vec![0u8; 1 << 16];
    let mut tail: Vec<u8> = Vec::new();
    let mut size = 0u64;
    loop {
        let n = member.read(&mut buf).map_err(|e| {
            refuse(file, format!("member `{name}` of the archive cannot be inflated ({e})"), "the archive is damaged or forged; save the workbook again from a spreadsheet application")
        })?;
        if n == 0 {
            return Ok(size);
        }
        size += n as u64;
        if size > MAX_MEMBER {
            return Err(member_too_large(file, name, size, "gave"));
        }
        if total + size > MAX_INFLATED {
            return Err(archive_too_large(file, name));
        }
        if size > RATIO_FROM && size / packed.max(1) > MAX_RATIO {
            return Err(too_compressed(file, name, size, packed));
        }
        if is_xml {
            tail.extend_from_slice(&buf[..n]); // the last bytes of the chunk before, then this one
            if declares_dtd(&tail) {
                return Err(refuse(
                    file,
                    format!("member `{name}`: the workbook declares XML entities (a DTD); leadplan does not read those"),
                    "no spreadsheet application writes them: open and save the workbook in one, or save the leadplan sheets in a new workbook",
                ));
            }
            let keep = tail.len().saturating_sub(16);
            tail.drain(..keep);
        }
    }
}

/// Whether XML text declares a document type or an entity.
fn declares_dtd(xml: &[u8]) -> bool {
    memmem::find(xml, b"<!DOCTYPE").is_some() || memmem::find(xml, b"<!ENTITY").is_some()
}

fn member_too_large(file: &str, name: &str, size: u64, how: &str) -> Error {
    refuse(
        file,
        format!("member `{name}` inflates past the {} MB a leadplan workbook's member may hold (it {how} {} bytes)", MAX_MEMBER >> 20, thousands(size)),
        BOMB,
    )
}

fn archive_too_large(file: &str, name: &str) -> Error {
    refuse(
        file,
        format!("member `{name}` takes the archive past {} MB inflated, more than a leadplan workbook may hold", MAX_INFLATED >> 20),
        BOMB,
    )
}

fn too_compressed(file: &str, name: &str, size: u64, packed: u64) -> Error {
    refuse(
        file,
        format!(
            "member `{name}` inflates {} times its compressed size ({} bytes from {}), past the {MAX_RATIO} times allowed above {} MB",
            size / packed.max(1),
            thousands(size),
            thousands(packed),
            RATIO_FROM >> 20
        ),
        BOMB,
    )
}
